import { branchName, isValidBranchName, type Item } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Repository } from './git-api.ts';

export type BranchPlan = { repo: Repository; name: string; base: string | undefined; exists: boolean };
export type BranchOptions = { branch?: string; base?: string; quiet?: boolean };

export class Cancelled extends Error {
  constructor(readonly why?: string) {
    super(why ?? 'Cancelled');
  }
}

const localBranches = async (repo: Repository) =>
  (repo.getRefs ? await repo.getRefs({}) : repo.state.refs).filter((r) => r.type === 0 && r.name).map((r) => r.name!);

/**
 * Asks (or, with `quiet`, decides) the branch for an item: the name from the template, which the user may edit;
 * the base to branch from; what to do when the name exists or the working tree has changes. Throws Cancelled
 * with the reason when the user backs out, so nothing is claimed for a branch that will not exist.
 */
export async function prepareBranch(
  repo: Repository,
  item: Pick<Item, 'key' | 'number' | 'type' | 'title'>,
  user: string,
  settings: { branchTemplate: string; branchMaxLength: number },
  opts: BranchOptions,
): Promise<BranchPlan> {
  const suggested = opts.branch ?? branchName({ ...item, user }, { template: settings.branchTemplate, maxLength: settings.branchMaxLength });
  const branches = await localBranches(repo);
  const name = opts.quiet
    ? suggested
    : await vscode.window.showInputBox({
        title: `Start work on ${item.key}: branch name`,
        value: suggested,
        prompt: `From the baton.branchTemplate setting (${settings.branchTemplate}); edit it if you like.`,
        ignoreFocusOut: true,
        validateInput: (v) =>
          !isValidBranchName(v.trim())
            ? 'Not a valid git branch name (no spaces, "..", ~^:?*[\\, or a trailing "/", "." or ".lock")'
            : branches.includes(v.trim())
              ? { message: `${v.trim()} exists already: Start Work will check it out`, severity: vscode.InputBoxValidationSeverity.Info }
              : undefined,
      });
  if (name === undefined) throw new Cancelled();
  const trimmed = name.trim();
  if (!isValidBranchName(trimmed)) throw new Error(`"${trimmed}" is not a valid git branch name.`);
  const exists = branches.includes(trimmed);

  if (exists && !opts.quiet && repo.state.HEAD?.name !== trimmed) {
    const choice = await vscode.window.showWarningMessage(
      `The branch ${trimmed} exists already.`,
      { modal: true, detail: 'Check it out and keep working there, or go back and choose another name.' },
      'Check Out Existing',
      'Choose Another Name',
    );
    if (choice === 'Choose Another Name') return prepareBranch(repo, item, user, settings, { ...opts, branch: `${trimmed}-2` });
    if (choice !== 'Check Out Existing') throw new Cancelled();
  }

  let base = opts.base;
  if (!exists && base === undefined && !opts.quiet) {
    const head = repo.state.HEAD?.name;
    const preferred = ['main', 'master', 'develop', 'trunk'].filter((b) => branches.includes(b) && b !== head);
    const order = [...(head ? [head] : []), ...preferred, ...branches.filter((b) => b !== head && !preferred.includes(b))];
    const pick = await vscode.window.showQuickPick(
      order.map((b) => ({ label: b, description: b === head ? 'current branch' : undefined })),
      { title: `Create ${trimmed} from which branch?`, ignoreFocusOut: true },
    );
    if (!pick) throw new Cancelled();
    base = pick.label;
  }

  const changes = repo.state.workingTreeChanges.length + repo.state.indexChanges.length;
  const switching = repo.state.HEAD?.name !== trimmed;
  if (changes > 0 && switching) {
    const detail = `Git carries uncommitted changes to ${trimmed} when they do not conflict; otherwise the switch fails and nothing changes.`;
    const choice = opts.quiet
      ? 'Carry Changes Over'
      : await vscode.window.showWarningMessage(
          `You have uncommitted changes in ${changes} file${changes === 1 ? '' : 's'}.`,
          { modal: true, detail },
          'Carry Changes Over',
          'Stash First',
        );
    if (choice === 'Stash First') {
      await vscode.commands.executeCommand('git.stash', repo);
      if (repo.state.workingTreeChanges.length + repo.state.indexChanges.length > 0) throw new Cancelled('The changes were not stashed.');
    } else if (choice !== 'Carry Changes Over') throw new Cancelled('Commit or stash your changes, then start work again.');
  }
  return { repo, name: trimmed, base, exists };
}

/** Creates or checks out the planned branch; git's own message comes through when it refuses. */
export async function applyBranch(plan: BranchPlan): Promise<void> {
  if (plan.repo.state.HEAD?.name === plan.name) return;
  try {
    if (plan.exists) await plan.repo.checkout(plan.name);
    else await plan.repo.createBranch(plan.name, true, plan.base);
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr?.trim();
    const msg = stderr || (e as Error).message;
    if (/would be overwritten|conflict/i.test(msg))
      throw new Error(`git could not switch to ${plan.name}: your uncommitted changes conflict with it. Commit or stash them, then try again.`);
    throw new Error(`git could not ${plan.exists ? 'check out' : 'create'} ${plan.name}: ${msg}`);
  }
}

/** Prefills the commit message with the item key, unless the user already wrote something with it. */
export function prefillCommitMessage(repo: Repository, key: string) {
  if (!repo.inputBox.value.includes(key)) repo.inputBox.value = repo.inputBox.value ? `${key}: ${repo.inputBox.value}` : `${key}: `;
}
