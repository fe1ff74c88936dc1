import { prNumber, PullRequestStatus } from '@baton/contracts';
import { checked, int, str } from '../args/values.ts';
import { defineCommand } from './command.ts';
import { fencingOption, fencingToken } from './lease-options.ts';

export const linkPr = defineCommand({
  name: 'link-pr',
  args: ['<KEY>', '<URL>'],
  summary: 'Link a pull request to an item (the number is read from the URL when not given).',
  options: {
    branch: { type: 'string', value: 'NAME', help: 'the branch' },
    number: { type: 'string', value: 'N', help: 'the pull request number' },
    title: { type: 'string', value: 'TEXT', help: 'the pull request title' },
    status: { type: 'string', value: 'STATUS', help: 'open (default), draft, merged, closed' },
    commit: { type: 'string', value: 'SHA', help: 'the head commit' },
    'fencing-token': fencingOption,
  },
  async run(s, [key, url], values) {
    const ref = await s.itemRef(key!);
    const raw = str(values, 'number');
    const input = {
      ...ref,
      url: url!,
      number: raw === undefined ? prNumber(url!) : int(raw, '--number', 'link-pr'),
      title: str(values, 'title'),
      branch: str(values, 'branch'),
      commitSha: str(values, 'commit'),
      status: values.status === undefined ? undefined : checked(PullRequestStatus, values.status, '--status', 'link-pr'),
      fencingToken: await fencingToken(s, ref.ref, values, 'link-pr', false),
    };
    const pr = await s.write((idempotencyKey) => s.api.agent.linkPr.mutate({ ...input, idempotencyKey }));
    s.out.result(pr, () => `Linked ${pr.url} to ${ref.ref}.`);
  },
});
