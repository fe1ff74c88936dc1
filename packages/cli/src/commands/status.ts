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
    const result = await forgetIfLost(
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
    // the server says which claim the move ended (any status but in_progress ends one): forget it when it is ours
    const ended = result.claimEnded;
    const saved = ended ? await s.lease(ref.ref) : null;
    if (ended && saved?.fencingToken === ended.fencingToken) await s.forgetLease(ref.ref);
    const { item } = result;
    s.out.result(result, () => `${item.key} is now ${item.status}.${ended ? ` Its claim ended (${ended.reason}).` : ''}`);
  },
});
