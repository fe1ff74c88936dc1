import { Evidence, StateRef } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { fencingOption, fencingToken, forgetIfLost } from './lease-options.ts';
import { usageFrom, usageOptions } from './usage-options.ts';

export const status = defineCommand({
  name: 'status',
  args: ['<KEY>', '<STATUS>'],
  summary: "Move an item to a state of its product (\"In review\") or a status: open, in_progress, done, closed, wont_fix (sends your lease's fencing token if you hold one).",
  options: {
    reason: { type: 'string', value: 'TEXT', help: 'why: kept in the item history' },
    'expected-version': { type: 'string', value: 'N', help: 'fail with CONFLICT if the item changed since this version' },
    'fencing-token': fencingOption,
    link: { type: 'string', multiple: true, value: 'URL', help: 'evidence: a link (CI run, test report), repeatable; kept on your attempt' },
    'test-output': { type: 'string', value: 'TEXT', help: 'evidence: the test output (or a summary of it)' },
    ...usageOptions,
  },
  async run(s, [key, raw], values) {
    // a state's name or a status: the server resolves it against the product's states (docs/status-changes.md)
    const next = checked(StateRef, raw, 'STATUS', 'status');
    const usage = usageFrom(values, 'status');
    const links = (values.link as string[] | undefined) ?? [];
    const testOutput = str(values, 'test-output');
    const evidence = links.length || testOutput !== undefined ? checked(Evidence, { links, ...(testOutput !== undefined && { testOutput }) }, 'evidence', 'status') : undefined;
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
          ...(usage && { usage }),
          ...(evidence && { evidence }),
          idempotencyKey,
        }),
      ),
    );
    // the server says which claim the move ended (any status but in_progress ends one): forget it when it is ours
    const ended = result.claimEnded;
    const saved = ended ? await s.lease(ref.ref) : null;
    if (ended && saved?.fencingToken === ended.fencingToken) await s.forgetLease(ref.ref);
    const { item } = result;
    s.out.result(result, () => `${item.key} is now ${item.state?.name ?? item.status}.${ended ? ` Its claim ended (${ended.reason}).` : ''}`);
  },
});
