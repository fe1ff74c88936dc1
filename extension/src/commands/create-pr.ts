import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { gitApi, pickRepository, type Repository } from '../work/git-api.ts';
import { forgeRepo, newPrPage, prTitle } from '../work/new-pr-page.ts';
import { githubRepository } from './github-pr-extension.ts';
import { linkPr } from './link-pr.ts';

/**
 * Create Pull Request for the item being worked on, from the current branch. With the GitHub Pull Requests
 * extension, its own Create view (and a PR it already knows is linked at once); otherwise the forge's new-PR page
 * (GitHub compare view, GitLab new merge request) with the key in the title. Either way the PR is then linked
 * through Link PR, which takes the URL from that extension or asks for it.
 */
export async function createPr(s: Services): Promise<string | undefined> {
  // answers the PR linked, or the new-PR page opened (tests read it)
  const work = s.work.current;
  if (!work) {
    void vscode.window.showInformationMessage('Start work on an item first: the pull request is for the item you are working on.');
    return undefined;
  }
  const key = work.lease.itemKey;
  const git = await gitApi();
  const repo = git && (await pickRepository(git));
  const branch = repo?.state.HEAD?.name;
  if (!repo || !branch) {
    void vscode.window.showErrorMessage(`Cannot create a pull request for ${key}: no git repository with a checked-out branch is open.`);
    return undefined;
  }

  const github = await githubRepository(repo.rootUri);
  if (github?.pullRequest) return (await linkPr(s, github.pullRequest.url))?.url;
  if (github) {
    // its Create view pushes the branch and proposes the title from the commits, which Start Work prefixed with the key
    await vscode.commands.executeCommand('pr.create');
    void offerLink(s, `Create the pull request for ${key} in the GitHub Pull Requests view (title "${prTitle(key, work.title)}"), then link it.`);
    return undefined;
  }

  const remote = remoteOf(repo);
  const forge = remote && forgeRepo(remote.fetchUrl ?? remote.pushUrl ?? '');
  if (!remote || !forge) {
    const where = remote ? `The git remote ${remote.name} (${remote.fetchUrl ?? remote.pushUrl}) is not on GitHub or GitLab` : 'This repository has no git remote';
    return offerLink(s, `${where}: create the pull request for ${key} on your forge, titled "${prTitle(key, work.title)}", then link it.`);
  }
  if (!repo.state.HEAD?.upstream) {
    const push = await vscode.window.showInformationMessage(`The branch ${branch} is not on ${remote.name} yet. Push it first?`, { modal: true }, 'Push');
    if (push !== 'Push') return undefined;
    const pushed = await s.connection.run(`push ${branch} to ${remote.name}`, async () => {
      await repo.push(remote.name, branch, true);
      return true;
    });
    if (!pushed) return undefined;
  }
  const { serverUrl, identity } = s.connection.require();
  const page = newPrPage(forge, branch, prTitle(key, work.title), `Baton: [${key}](${serverUrl}/p/${identity.product.key}/items/${key})`);
  // as a string: a vscode.Uri would re-encode the query's & and =, and the forge would get one garbled parameter
  const opened = await vscode.env.openExternal(page as unknown as vscode.Uri).then(
    (ok) => ok,
    () => false,
  );
  if (!opened) {
    // the browser did not open (refused, or no browser here): the page is still one paste away
    await vscode.env.clipboard.writeText(page);
    void offerLink(s, `Could not open the browser: the new pull request page for ${key} is on the clipboard. Once it is created, link it.`);
    return page;
  }
  // not awaited: the command is done; the offer waits for the user to come back with the URL
  void offerLink(s, `Opened the new pull request page for ${key}. Once it is created, link it: paste its URL.`);
  return page;
}

/** The remote the branch tracks, else origin, else the only one. */
function remoteOf(repo: Repository) {
  const remotes = repo.state.remotes;
  const tracked = repo.state.HEAD?.upstream?.remote;
  return remotes.find((r) => r.name === tracked) ?? remotes.find((r) => r.name === 'origin') ?? (remotes.length === 1 ? remotes[0] : undefined);
}

async function offerLink(s: Services, message: string): Promise<string | undefined> {
  const choice = await vscode.window.showInformationMessage(message, 'Link Pull Request');
  if (choice !== 'Link Pull Request') return undefined;
  return (await linkPr(s))?.url;
}
