import { ItemStatus } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { fencingOption, fencingToken, forgetIfLost } from './lease-options.ts';

export const status = defineCommand({
  name: 'status',
  args: ['<KEY>', '<STATUS>'],
  summary: "Move an item to open, in_progress, done, closed or wont_fix (sends your lease's fencing token if you hold one).",
  options: {
    reason: { type: 'string', value: 'TEXT', help: 'why: kept in the item history' },
    'expected-version': { type: 'string', value: 'N', help: 'fail with CONFLICT if the item changed since this version' },
    'fencing-token': fencingOption,
  },
  async run(s, [key, raw], values) {
    const next = checked(ItemStatus, raw, 'STATUS', 'status');
    const ref = await s.itemRef(key!);
    const token = await fencingToken(s, ref.ref, values, 'status', false);
    const version = str(values, 'expected-version');
    const item = await forgetIfLost(
      s,
      ref.ref,
      token,
      s.write((idempotencyKey) =>
        s.api.agent.setStatus.mutate({
          ...ref,
          status: next,
          reason: str(values, 'reason'),
          expectedVersion: version === undefined ? undefined : int(version, '--expected-version', 'status'),
          fencingToken: token,
          idempotencyKey,
        }),
      ),
    );
    // done ends the lease on the server (the claim ends as completed); other statuses leave it running
    if (next === 'done') await s.forgetLease(ref.ref);
    s.out.result(item, () => `${item.key} is now ${item.status}.`);
  },
});
