import { BatonError } from '@baton/client';
import type { Lease } from '@baton/contracts';
import * as vscode from 'vscode';
import { branchUser } from '../connection/identity.ts';
import { readSettings } from '../read-settings.ts';
import type { Services } from '../services.ts';
import { gitApi, pickRepository } from '../work/git-api.ts';
import { applyBranch, Cancelled, prefillCommitMessage, prepareBranch, type BranchOptions, type BranchPlan } from '../work/prepare-branch.ts';
import { itemRefOf } from './item-arg.ts';
import { pickItem } from './pick-item.ts';

export type StartWorkOptions = BranchOptions;

/**
 * Start Work: claim the item under a lease (which also assigns it and moves it to In progress), create or check
 * out its branch, prefill the commit message with the key, and keep the lease alive while the window is open.
 * The branch is settled (asked, checked) before the claim, so backing out leaves nothing claimed.
 */
export async function startWork(s: Services, arg?: unknown, opts: StartWorkOptions = {}): Promise<Lease | undefined> {
  const ref = itemRefOf(arg) ?? (await pickItem(s, 'Start work on which item?', { ready: true }));
  if (!ref) return undefined;
  return s.connection.run(
    `start work on ${ref}`,
    async () => {
      const { api, identity, serverUrl } = s.connection.require();
      const item = await api.items.get(ref);
      const current = s.work.current;
      if (current && current.lease.itemId !== item.id) {
        const stop = opts.quiet
          ? 'Stop and Switch'
          : await vscode.window.showWarningMessage(
              `You are working on ${current.lease.itemKey}. Stop that (release its claim) and start ${item.key}?`,
              { modal: true },
              'Stop and Switch',
            );
        if (stop !== 'Stop and Switch') return undefined;
        await api.items.release(current.lease, `Switched to ${item.key} in VS Code`).catch(() => undefined);
        await s.work.end();
      }

      let plan: BranchPlan | undefined;
      const git = await gitApi();
      const repo = git && (await pickRepository(git));
      if (repo) {
        try {
          const settings = readSettings();
          plan = await prepareBranch(repo, item, branchUser(identity), settings, opts);
        } catch (e) {
          if (e instanceof Cancelled) {
            if (e.why) void vscode.window.showInformationMessage(`Did not start ${item.key}: ${e.why}`, 'Open Source Control').then((c) => {
              if (c) void vscode.commands.executeCommand('workbench.view.scm');
            });
            return undefined;
          }
          throw e;
        }
      }

      const lease = await claimOrTakeOver(s, item.key, opts.quiet);
      if (!lease) return undefined;
      if (plan) {
        try {
          await applyBranch(plan);
        } catch (e) {
          // no branch, no work: give the item back rather than hold a claim nobody works under
          await api.items.release(lease, 'Could not create the branch in VS Code').catch(() => undefined);
          throw e;
        }
        prefillCommitMessage(plan.repo, item.key);
      }
      // the views refresh on the change of the current work
      await s.work.begin({ lease, title: item.title, branch: plan?.name ?? null, serverUrl, productId: api.productId, prUrl: null });
      void vscode.window.showInformationMessage(
        plan ? `Working on ${item.key} on branch ${plan.name}.` : `Working on ${item.key} (no git repository is open, so no branch was created).`,
      );
      return lease;
    },
    { item: ref },
  );
}

/**
 * Claims the item. When this person already holds it (another window, the CLI), takes that claim over after asking
 * (unless `quiet`): the server issues a new fencing token, and the other holder's token stops working, so two
 * windows never both believe they hold the item.
 */
async function claimOrTakeOver(s: Services, key: string, quiet: boolean | undefined): Promise<Lease | undefined> {
  const { api } = s.connection.require();
  try {
    return await api.items.claim(key);
  } catch (e) {
    const err = BatonError.from(e);
    if (err.code !== 'CLAIM_CONFLICT' || err.details?.heldByYou !== true) throw err;
    const take = quiet
      ? 'Take Over'
      : await vscode.window.showWarningMessage(
          `You already hold ${key}'s claim (another window or the CLI). Take it over in this window?`,
          { modal: true, detail: 'The other one stops holding it: its next heartbeat or update is refused.' },
          'Take Over',
        );
    if (take !== 'Take Over') return undefined;
    return api.items.claim(key, { takeOver: true });
  }
}
