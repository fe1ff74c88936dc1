import type { PullRequest } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { detectPr } from './github-pr-extension.ts';
import { parsePrUrl } from './pr-url.ts';

/**
 * Link PR: links the current branch's PR (from the GitHub Pull Requests extension, when installed and it knows
 * one) or a pasted URL to the item being worked on, with the branch and the fencing token of the claim.
 */
export async function linkPr(s: Services, url?: string): Promise<PullRequest | undefined> {
  const work = s.work.current;
  if (!work) {
    void vscode.window.showInformationMessage('Start work on an item first: the PR is linked to the item you are working on.');
    return undefined;
  }
  const detected = url ? undefined : await detectPr();
  const given =
    url ??
    (await vscode.window.showInputBox({
      title: `Link a pull request to ${work.lease.itemKey}`,
      value: detected?.url ?? work.prUrl ?? '',
      prompt: detected ? `Found ${detected.title} for this branch.` : 'Paste the pull request URL.',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parsePrUrl(v);
        return 'error' in r ? r.error : undefined;
      },
    }));
  if (!given) return undefined;
  const parsed = parsePrUrl(given);
  if ('error' in parsed) {
    void vscode.window.showErrorMessage(parsed.error);
    return undefined;
  }
  const pr = await s.connection.run(`link the PR to ${work.lease.itemKey}`, async () => {
    const { api } = s.connection.require();
    return api.items.linkPr(work.lease.itemKey, {
      url: parsed.url,
      ...(parsed.number && { number: parsed.number }),
      ...(detected?.title && detected.url === parsed.url && { title: detected.title }),
      ...(work.branch && { branch: work.branch }),
      fencingToken: s.work.lease!.fencingToken,
    }).catch((e: unknown) => s.work.forgetIfLost(e));
  }, { item: work.lease.itemKey, branch: work.branch });
  if (pr) {
    await s.work.update({ prUrl: pr.url });
    void vscode.window.showInformationMessage(`Linked ${pr.url} to ${work.lease.itemKey}.`);
  }
  return pr;
}
