import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { linkPr } from './link-pr.ts';

/**
 * Finish: moves the item to Done once a PR is linked (asking to link one first), after a confirmation. Done ends
 * the claim on the server; the window stops heartbeating.
 */
export async function finish(s: Services, opts: { confirmed?: boolean } = {}): Promise<boolean> {
  const work = s.work.current;
  if (!work) {
    void vscode.window.showInformationMessage('You are not working on a Baton item in this window.');
    return false;
  }
  const key = work.lease.itemKey;
  const done = await s.connection.run(`finish ${key}`, async () => {
    const { api } = s.connection.require();
    let prs = await api.trpc.agent.pullRequests.query({ productId: api.productId, ref: key });
    if (prs.length === 0) {
      const choice = await vscode.window.showWarningMessage(
        `${key} has no pull request linked. Link one before finishing?`,
        { modal: true },
        'Link PR',
      );
      if (choice !== 'Link PR') return false;
      const pr = await linkPr(s);
      if (!pr) return false;
      prs = [pr];
    }
    if (!opts.confirmed) {
      const ok = await vscode.window.showInformationMessage(
        `Move ${key} to Done?`,
        { modal: true, detail: `Linked: ${prs.map((p) => p.url).join(', ')}. Your claim ends.` },
        'Finish',
      );
      if (ok !== 'Finish') return false;
    }
    const fencingToken = s.work.lease!.fencingToken;
    await s.work
      .whileEnding(() => api.items.setStatus(key, 'done', { evidence: { links: prs.map((p) => p.url).slice(0, 20) }, fencingToken }))
      .catch((e: unknown) => s.work.forgetIfLost(e));
    await s.work.end();
    return true;
  }, { item: key, branch: work.branch });
  // work.end() changed the current work: the views refresh on that
  if (done) void vscode.window.showInformationMessage(`${key} is done.`);
  return done ?? false;
}
