import * as vscode from 'vscode';
import type { Services } from '../services.ts';

/** The status-bar entry's menu: what can be done with the current item. */
export async function showCurrentWork(s: Services): Promise<void> {
  const work = s.work.current;
  if (!work) {
    void vscode.commands.executeCommand('baton.myItems.focus');
    return;
  }
  const choices = [
    { label: '$(go-to-file) Open Item', command: 'baton.openItem' },
    { label: '$(git-pull-request-create) Create Pull Request', command: 'baton.createPr' },
    { label: '$(git-pull-request) Link Pull Request', command: 'baton.linkPr' },
    { label: '$(check) Finish', command: 'baton.finish' },
    { label: '$(copy) Copy Context for Agent', command: 'baton.copyContext' },
    { label: '$(debug-stop) Stop Work (release the claim)', command: 'baton.stopWork' },
  ];
  const pick = await vscode.window.showQuickPick(choices, { title: `${work.lease.itemKey} ${work.title}` });
  if (pick) await vscode.commands.executeCommand(pick.command, work.lease.itemKey);
}
