import { BatonError, type KeepAlive } from '@baton/client';
import type { Lease } from '@baton/contracts';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import { leaseLeft } from './lease-left.ts';

/** What this window is working on: kept in the workspace state so a reload resumes the heartbeat. */
export type Work = { lease: Lease; title: string; branch: string | null; serverUrl: string; productId: string; prUrl: string | null };

const KEY = 'baton.currentWork';

/**
 * The item this window works on: its lease, kept alive by heartbeats while the window is open; a status-bar entry
 * with the key and the lease's time left; and what happens when the lease is lost (someone else took the item).
 */
export class CurrentWork implements vscode.Disposable {
  private work: Work | undefined;
  private alive: KeepAlive | undefined;
  private readonly bar: vscode.StatusBarItem;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly changed = new vscode.EventEmitter<Work | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly state: vscode.Memento,
    private readonly connection: Connection,
  ) {
    this.bar = vscode.window.createStatusBarItem('baton.currentWork', vscode.StatusBarAlignment.Left, 90);
    this.bar.name = 'Baton: current item';
    this.bar.command = 'baton.currentWork';
    this.ticker = setInterval(() => this.render(), 15_000);
    this.disposables = [this.bar, this.changed, connection.onDidChange(() => this.resume(true))];
    const saved = state.get<Work>(KEY);
    if (saved) this.work = { ...saved, lease: { ...saved.lease, leaseExpiresAt: new Date(saved.lease.leaseExpiresAt) } };
    this.render();
  }

  get current(): Work | undefined {
    return this.work;
  }
  get lease(): Lease | undefined {
    return this.alive?.lease ?? this.work?.lease;
  }

  /** Starts keeping `work` alive and shows it. */
  async begin(work: Work): Promise<void> {
    this.stopHeartbeat();
    this.work = work;
    await this.save();
    this.resume();
  }

  /** Forgets the work (after release, finish, or a lost lease); the caller has told the server. */
  async end(): Promise<void> {
    this.stopHeartbeat();
    this.work = undefined;
    await this.save();
    this.render();
  }

  async update(patch: Partial<Pick<Work, 'prUrl' | 'branch'>>): Promise<void> {
    if (!this.work) return;
    this.work = { ...this.work, ...patch };
    await this.save();
    this.render();
  }

  private async save() {
    if (this.work && this.alive) this.work = { ...this.work, lease: this.alive.lease };
    await this.state.update(KEY, this.work);
    void vscode.commands.executeCommand('setContext', 'baton.working', Boolean(this.work));
    this.changed.fire(this.work);
  }

  /**
   * (Re)starts heartbeats when signed in to the server the work belongs to; `checkNow` (start-up, a new
   * connection) beats at once, to tell whether the lease survived the time the window was closed or offline.
   */
  private resume(checkNow = false) {
    const s = this.connection.state;
    if (!this.work || s.kind !== 'signedIn' || s.serverUrl !== this.work.serverUrl || s.identity.product.id !== this.work.productId) {
      this.stopHeartbeat();
      this.render();
      return;
    }
    if (this.alive) return;
    const work = this.work;
    this.alive = s.api.items.keepAlive(work.lease, {
      immediate: checkNow,
      everyMs: Math.min(60_000, Math.max(5_000, (work.lease.leaseExpiresAt.getTime() - Date.now()) / 3)),
      // a server restart or a network blip: keep the work and keep trying; the status bar says it is offline
      onUnreachable: () => this.setOffline(true),
      onRenewed: () => this.setOffline(false),
      onLost: (e) => void this.lost(e),
    });
    void vscode.commands.executeCommand('setContext', 'baton.working', true);
    this.render();
  }

  /** A heartbeat now (tests, and "Current Work" when the lease looks short). */
  async beat(): Promise<Lease | undefined> {
    const s = this.connection.state;
    if (!this.work || s.kind !== 'signedIn') return undefined;
    const sent = this.lease!;
    // the work ended (Stop Work, Finish) or changed while the beat was in flight: its answer, good or bad, is
    // about work this window no longer has
    const stale = () => this.work?.lease.claimId !== sent.claimId;
    try {
      const lease = await s.api.items.heartbeat(sent);
      if (stale()) return lease;
      // stop first: stopping keeps the background heartbeat's lease, which is older than this one
      this.stopHeartbeat();
      this.work = { ...this.work, lease };
      await this.save();
      this.resume();
      return lease;
    } catch (e) {
      if (!stale()) await this.lost(BatonError.from(e));
      return undefined;
    }
  }

  private offline = false;
  private setOffline(offline: boolean) {
    if (offline === this.offline) return;
    this.offline = offline;
    // the renewed lease is what a reload resumes from; saving tells the views too, which reload (the server is back)
    if (!offline) void this.save();
    this.render();
  }

  /**
   * A command's call failed because this window's lease is gone (LEASE_EXPIRED): forget the work, so the status
   * bar does not show a claim the server no longer has. The command's own message says so and offers Claim Again.
   */
  async forgetIfLost(e: unknown): Promise<never> {
    if (BatonError.from(e).code === 'LEASE_EXPIRED' && this.work) await this.end();
    throw e;
  }

  private ending = 0;
  /**
   * Runs a change that ends the claim on the server (Done from the item view, Finish): a background heartbeat
   * refused meanwhile (the claim is completed) ends the work quietly instead of warning that the claim was lost.
   */
  async whileEnding<T>(change: () => Promise<T>): Promise<T> {
    this.ending++;
    try {
      return await change();
    } finally {
      this.ending--;
    }
  }

  private async lost(e: BatonError) {
    const work = this.work;
    if (!work) return;
    if (this.ending > 0 && e.code !== 'UNAVAILABLE') return this.end();
    if (e.code === 'UNAVAILABLE') {
      // a beat asked for now found the server away: restart the background heartbeat at once, so it retries with
      // backoff (1 s, 2 s, 4 s...) and renews as soon as the server is back, not at its next regular beat
      this.stopHeartbeat();
      this.resume(true);
      this.setOffline(true);
      return;
    }
    await this.end();
    const reason = e.details?.reason;
    const why =
      e.code === 'CLAIM_CONFLICT' || reason === 'stale_token'
        ? 'it was released or taken over elsewhere, or someone else holds the item now'
        : e.code === 'LEASE_EXPIRED'
          ? reason === 'not_claimed'
            ? 'it was released or ran out, and nobody holds the item now'
            : 'it ran out before Baton could renew it'
          : e.message;
    const message = `Your claim on ${work.lease.itemKey} ended: ${why}. Your branch ${work.branch ?? ''} is untouched.`;
    this.lastLoss = message;
    // not awaited: the heartbeat that noticed must not wait for someone to read the message
    void this.connection.offer(message, ['Claim Again', 'Open Item'], { item: work.lease.itemKey, branch: work.branch }, 'warning');
  }

  /** what the last lost lease was reported as (tests read it) */
  lastLoss: string | undefined;

  private stopHeartbeat() {
    if (this.alive && this.work) this.work = { ...this.work, lease: this.alive.lease };
    this.alive?.stop();
    this.alive = undefined;
    this.offline = false;
  }

  /** The status bar: key, lease time left, and a warning colour when the lease is nearly over or the server is away. */
  private render() {
    const work = this.work;
    if (!work) {
      this.bar.hide();
      return;
    }
    const left = leaseLeft(this.lease!.leaseExpiresAt, new Date());
    const offline = this.offline || this.connection.state.kind !== 'signedIn';
    this.bar.text = `$(debug-start) ${work.lease.itemKey} · ${offline ? 'offline' : left.text}`;
    this.bar.tooltip = new vscode.MarkdownString(
      `**${work.lease.itemKey}** ${work.title}\n\nClaim: ${left.text}${offline ? ' (not renewed: the server is unreachable)' : ', renewed while this window is open'}` +
        `${work.branch ? `\n\nBranch: \`${work.branch}\`` : ''}${work.prUrl ? `\n\nPR: ${work.prUrl}` : ''}`,
    );
    this.bar.backgroundColor = offline || left.urgent ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.bar.accessibilityInformation = { label: `Working on ${work.lease.itemKey}, claim ${left.text}` };
    this.bar.show();
  }

  /** the status bar's text, for tests */
  get statusText(): string | undefined {
    return this.work ? this.bar.text : undefined;
  }

  dispose() {
    this.stopHeartbeat();
    clearInterval(this.ticker);
    for (const d of this.disposables) d.dispose();
  }
}
