import { UsageError } from '../cli-error.ts';
import { str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { fencingOption, fencingToken, forgetIfLost } from './lease-options.ts';
import { usageFrom, usageOptions } from './usage-options.ts';

export const release = defineCommand({
  name: 'release',
  args: ['<KEY>'],
  summary: 'Give up your lease on an item, saying why.',
  options: {
    reason: { type: 'string', value: 'TEXT', help: 'why (required): shown in the claim history' },
    'fencing-token': fencingOption,
    ...usageOptions,
  },
  async run(s, [key], values) {
    const reason = str(values, 'reason')?.trim();
    if (!reason) throw new UsageError('release needs --reason <TEXT>', 'release');
    const usage = usageFrom(values, 'release');
    const ref = await s.itemRef(key!);
    const token = (await fencingToken(s, ref.ref, values, 'release', true))!;
    const record = await forgetIfLost(
      s,
      ref.ref,
      token,
      s.write((idempotencyKey) => s.api.claims.release.mutate({ ...ref, fencingToken: token, reason, ...(usage && { usage }), idempotencyKey })),
    );
    await s.forgetLease(ref.ref);
    s.out.result(record, () => `Released ${ref.ref}.`);
  },
});
