import type { EventSubscription } from '@baton/client';
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection.ts';
import { readSettings } from '../read-settings.ts';

/**
 * Keeps the views current: the product's live item events (SSE) when the server streams them, and polling every
 * `baton.refreshIntervalSeconds` while it does not (the stream failed for good, or a proxy buffers it). Bursts of
 * events are folded into one refresh.
 */
export class LiveUpdates implements vscode.Disposable {
  private sub: EventSubscription | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private pending = new Set<string>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastEventId: string | undefined;
  private readonly disposables: vscode.Disposable[];
  /** 'live' while the stream is open, 'polling' otherwise (tests and the tooltip read it) */
  mode: 'off' | 'live' | 'polling' = 'off';

  constructor(
    private readonly connection: Connection,
    private readonly onItems: (itemIds: Set<string>) => void,
  ) {
    this.disposables = [
      connection.onDidChange(() => this.restart()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('baton.refreshIntervalSeconds') && this.mode === 'polling') this.startPolling();
      }),
    ];
  }

  private restart() {
    this.stop();
    const state = this.connection.state;
    if (state.kind !== 'signedIn') return;
    const sub = state.api.events.subscribe({ ...(this.lastEventId && { lastEventId: this.lastEventId }) }, (e) => {
      if (e.itemId) this.pending.add(e.itemId);
      this.flushSoon();
    });
    this.sub = sub;
    sub.ready.then(
      () => {
        if (this.sub !== sub) return;
        // back after a failed stream (the server restarted, the network came back): what the views show may be an
        // error or out of date, so reload them once
        if (this.mode === 'polling') this.onItems(new Set());
        this.mode = 'live';
        this.stopPolling();
      },
      () => undefined,
    );
    sub.done.then(
      () => undefined,
      () => {
        if (this.sub !== sub) return;
        // the stream failed for good: poll, and try the stream again later
        this.lastEventId = sub.lastEventId ?? this.lastEventId;
        this.startPolling();
        this.retry = setTimeout(() => this.restart(), 60_000);
      },
    );
  }

  private flushSoon() {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      const ids = this.pending;
      this.pending = new Set();
      this.onItems(ids);
    }, 300);
  }

  private startPolling() {
    this.stopPolling();
    this.mode = 'polling';
    this.poll = setInterval(() => this.onItems(new Set()), readSettings().refreshIntervalSeconds * 1000);
  }

  private stopPolling() {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  private stop() {
    if (this.sub) this.lastEventId = this.sub.lastEventId ?? this.lastEventId;
    this.sub?.unsubscribe();
    this.sub = undefined;
    clearTimeout(this.retry);
    clearTimeout(this.flushTimer);
    this.stopPolling();
    this.mode = 'off';
  }

  dispose() {
    this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
