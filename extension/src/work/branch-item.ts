import { FINISHED_STATUSES, itemKeyInBranch } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import type { CurrentWork } from './current-work.ts';
import { gitApi, type GitAPI, type Repository } from './git-api.ts';

/**
 * A branch made by hand (`git checkout -b bug/bat-103-...`) is recognised: when the current branch names one of the
 * product's items and this window works on nothing, the status bar shows the item and offers Start Work on that
 * very branch. The key is read from the branch the way branch names write it (itemKeyInBranch).
 */
export class BranchItem implements vscode.Disposable {
  private readonly bar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[];
  private readonly watched = new Set<Repository>();
  private git: GitAPI | undefined;
  private generation = 0;
  /** the key the current branch names, while it is offered (tests read it) */
  offered: { key: string; branch: string } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly work: CurrentWork,
  ) {
    this.bar = vscode.window.createStatusBarItem('baton.branchItem', vscode.StatusBarAlignment.Left, 89);
    this.bar.name = 'Baton: item of this branch';
    this.disposables = [this.bar, connection.onDidChange(() => void this.update()), work.onDidChange(() => void this.update())];
    void gitApi().then((git) => {
      if (!git) return;
      this.git = git;
      const watch = (repo: Repository) => {
        if (this.watched.has(repo)) return;
        this.watched.add(repo);
        this.disposables.push(repo.state.onDidChange(() => void this.update()));
      };
      git.repositories.forEach(watch);
      if (git.onDidOpenRepository) this.disposables.push(git.onDidOpenRepository((r) => (watch(r), void this.update())));
      void this.update();
    });
  }

  /** Shows or hides the entry for the current branch; a slower answer about an older branch is dropped. */
  async update(): Promise<void> {
    const generation = ++this.generation;
    const s = this.connection.state;
    const found =
      s.kind === 'signedIn' && !this.work.current
        ? (this.git?.repositories ?? []).flatMap((r) => {
            const branch = r.state.HEAD?.name;
            const key = branch ? itemKeyInBranch(branch, s.identity.product.key) : null;
            return branch && key ? [{ key, branch }] : [];
          })[0]
        : undefined;
    if (!found || s.kind !== 'signedIn') return this.hide();
    if (this.offered?.key === found.key && this.offered.branch === found.branch) return;
    const item = await s.api.items.get(found.key).catch(() => undefined);
    if (generation !== this.generation) return;
    // an item that does not exist (or is not visible), or is finished: nothing to start
    if (!item || FINISHED_STATUSES.includes(item.status)) return this.hide();
    this.offered = found;
    this.bar.text = `$(git-branch) ${found.key} · Start Work`;
    this.bar.tooltip = new vscode.MarkdownString(`The branch \`${found.branch}\` is for **${item.key}** ${item.title}.\n\nStart Work claims it and keeps working on this branch.`);
    this.bar.command = { title: 'Start Work', command: 'baton.startWork', arguments: [found.key, { branch: found.branch, quiet: true }] };
    this.bar.accessibilityInformation = { label: `This branch is for ${item.key}: start work on it` };
    this.bar.show();
  }

  private hide() {
    this.offered = undefined;
    this.bar.hide();
  }

  /** the status bar's text while shown, and the command it runs (tests) */
  get entry(): { text: string; command: vscode.Command } | undefined {
    return this.offered ? { text: this.bar.text, command: this.bar.command as vscode.Command } : undefined;
  }

  dispose() {
    for (const d of this.disposables) d.dispose();
  }
}
