import { ItemPriority, ItemType } from '@baton/contracts';
import { z } from 'zod';
import { checked, list, str } from '../args/values.ts';
import { relative } from '../output/format.ts';
import { oneLine } from '../output/text.ts';
import { defineCommand } from './command.ts';
import { ttl, ttlOption } from './lease-options.ts';
import { filterOptions, includeAssignedOption, orUndefined } from './list.ts';

export const next = defineCommand({
  name: 'next',
  args: [],
  summary: 'Claim the first ready item (optionally filtered); prints nothing ready when the queue is empty.',
  options: {
    label: filterOptions.label,
    type: filterOptions.type,
    priority: filterOptions.priority,
    query: { type: 'string', value: 'QUERY', help: 'the query language, on top of the ready conditions' },
    ...includeAssignedOption,
    ttl: ttlOption,
  },
  async run(s, _args, values) {
    const productId = (await s.product()).id;
    const input = {
      productId,
      label: orUndefined(list(values, 'label')),
      type: orUndefined(checked(z.array(ItemType), list(values, 'type'), '--type', 'next')),
      priority: orUndefined(checked(z.array(ItemPriority), list(values, 'priority'), '--priority', 'next')),
      query: str(values, 'query'),
      includeAssigned: values['include-assigned'] === true || undefined,
      ttlSeconds: ttl(values, 'next'),
    };
    const taken = await s.write((idempotencyKey) => s.api.queue.takeNext.mutate({ ...input, idempotencyKey }));
    if (taken) await s.rememberLease(taken.lease, productId);
    s.out.result(taken, () =>
      taken
        ? `Took ${taken.item.key} ${oneLine(taken.item.title)}\nLease until ${taken.lease.leaseExpiresAt.toISOString()} (${relative(taken.lease.leaseExpiresAt, new Date())}); fencing token ${taken.lease.fencingToken}.`
        : 'Nothing is ready.',
    );
  },
});
