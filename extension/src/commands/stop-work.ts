import * as vscode from 'vscode';
import type { Services } from '../services.ts';

/** Stop Work: releases the claim so someone else can pick the item up; the branch stays as it is. */
export async function stopWork(s: Services): Promise<boolean> {
  const work = s.work.current;
  if (!work) {
    void vscode.window.showInformationMessage('You are not working on a Baton item in this window.');
    return false;
  }
  const ok = await s.connection.run(`stop work on ${work.lease.itemKey}`, async () => {
    const { api } = s.connection.require();
    try {
      await api.items.release(s.work.lease!, 'Stopped work in VS Code');
    } catch (e) {
      // a lease that already ended needs no release: forget it all the same
      if ((e as { code?: string }).code !== 'LEASE_EXPIRED') throw e;
    }
    await s.work.end();
    return true;
  }, { item: work.lease.itemKey });
  // work.end() changed the current work: the views refresh on that
  if (ok) void vscode.window.showInformationMessage(`Released ${work.lease.itemKey}. Your branch ${work.branch ?? ''} is unchanged.`);
  return ok ?? false;
}
