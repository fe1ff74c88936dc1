/**
 * A page's saves of one item, one at a time, each sent with the version the previous one returned.
 *
 * Why: every save carries the version it was made against (optimistic concurrency). Two quick saves from one
 * page (a status changed and back, Shift+→ pressed twice on the board) would both carry the version the page
 * loaded, and the second would be refused as a CONFLICT against the user's own first save; worse, their answers
 * could arrive out of order and the page show a value the server no longer holds. Queued, the second save waits
 * for the first and carries the version it produced. Someone else's save still makes a version this page never
 * saw, so a real conflict is still refused.
 */
export type SaveTurn = {
  /** the version to send: the newer of what the page shows and what this page's last save produced */
  version: number;
  /** Ends the turn with the version this save produced (null when it was refused); the next save starts. */
  done(saved: number | null): void;
};

export class SaveQueue {
  #tails = new Map<string, Promise<void>>();
  #versions = new Map<string, number>();
  #pending = new Map<string, number>();

  /** Waits for the item's earlier saves to end, then starts this one; `seen` is the version the page shows. */
  async turn(itemId: string, seen: number): Promise<SaveTurn> {
    this.#pending.set(itemId, this.pending(itemId) + 1);
    const before = this.#tails.get(itemId);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(itemId, mine);
    await before;
    let ended = false;
    return {
      version: Math.max(seen, this.#versions.get(itemId) ?? 0),
      done: (saved) => {
        if (ended) return;
        ended = true;
        if (saved !== null) this.#versions.set(itemId, Math.max(saved, this.#versions.get(itemId) ?? 0));
        const left = this.pending(itemId) - 1;
        if (left) this.#pending.set(itemId, left);
        else this.#pending.delete(itemId);
        if (this.#tails.get(itemId) === mine) this.#tails.delete(itemId);
        release();
      },
    };
  }

  /** Saves of the item queued or in flight: while there are, the page's copy of it is ahead of the server's. */
  pending(itemId: string): number {
    return this.#pending.get(itemId) ?? 0;
  }
}
