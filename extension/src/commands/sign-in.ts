import { BatonError, createClient, errorOf } from '@baton/client';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import { readSettings } from '../read-settings.ts';

const sleep = (ms: number, token: vscode.CancellationToken) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    token.onCancellationRequested(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Device-code sign-in (RFC 8628): show a code, open the web app's approval page in the user's own browser, poll
 * until it is approved. Works in remote and browser-based VS Code, since nothing has to call back into the editor.
 */
export async function signInWithBrowser(connection: Connection): Promise<void> {
  const { serverUrl } = readSettings();
  const client = createClient({ url: serverUrl });
  const token = await connection.run(`sign in to ${serverUrl}`, async () => {
    const start = await client.device.start.mutate({ clientName: `VS Code (${vscode.env.appName}) on ${vscode.env.remoteName ?? 'this machine'}` });
    const page = new URL(start.verificationUriComplete, serverUrl + '/').href;
    void vscode.env.clipboard.writeText(start.userCode);
    const open = await vscode.window.showInformationMessage(
      `Your Baton sign-in code is ${start.userCode} (copied). Approve it in the browser to finish signing in.`,
      { modal: true, detail: `The page ${page} asks you to confirm this code.` },
      'Open Browser',
    );
    if (open !== 'Open Browser') return undefined;
    await vscode.env.openExternal(vscode.Uri.parse(page));
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Baton: waiting for approval of ${start.userCode}…`, cancellable: true },
      async (_progress, cancel) => {
        let interval = start.interval;
        const deadline = Date.now() + start.expiresIn * 1000;
        while (!cancel.isCancellationRequested && Date.now() < deadline) {
          await sleep(interval * 1000, cancel);
          if (cancel.isCancellationRequested) return undefined;
          let r;
          try {
            r = await client.device.poll.mutate({ deviceCode: start.deviceCode });
          } catch (e) {
            const retryAfter = Number(errorOf(e)?.details?.retryAfterSeconds);
            if (retryAfter > 0) interval = Math.max(interval, retryAfter);
            // a laptop's network comes and goes: keep polling until the code expires
            else if (BatonError.from(e).code !== 'UNAVAILABLE') throw e;
            continue;
          }
          if (r.status === 'approved') return r.token;
          if (r.status === 'slow_down') interval = Math.max(interval + 5, r.interval);
          if (r.status === 'access_denied') throw new Error('The sign-in was denied in the browser.');
          if (r.status === 'expired_token') break;
        }
        if (cancel.isCancellationRequested) return undefined;
        throw new Error('The sign-in code expired before it was approved. Run "Baton: Sign In with Browser" again.');
      },
    );
  });
  if (token) await finish(connection, token);
}

/** Pasting an API key (`bat_...`) or a token: checked against the server before it is stored. */
export async function signInWithApiKey(connection: Connection, given?: string): Promise<void> {
  const { serverUrl } = readSettings();
  const token =
    given ??
    (await vscode.window.showInputBox({
      title: `Sign in to ${serverUrl}`,
      prompt: 'Paste an API key (bat_...). Admins create them in Baton; give it the write scope to claim work.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length < 10 ? 'That is too short to be a key' : undefined),
    }));
  if (!token) return;
  await finish(connection, token.trim());
}

async function finish(connection: Connection, token: string) {
  const state = await connection.run('sign in', () => connection.signInWithToken(token));
  if (!state) return;
  const who = state.identity.name ?? 'an API key';
  void vscode.window.showInformationMessage(`Signed in to Baton as ${who}, working in ${state.identity.product.key}.`);
}

export async function signOut(connection: Connection): Promise<void> {
  await connection.signOut();
  void vscode.window.showInformationMessage('Signed out of Baton.');
}
