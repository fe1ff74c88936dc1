import { EventEmitter } from 'node:events';

export type ItemEvent = {
  seq: string;
  productId: string;
  itemId: string | null;
  action: string;
  actorName: string;
  at: Date;
};

/**
 * Live item events. In-process for the embedded database and a single replica; on PostgreSQL the backend's
 * LISTEN/NOTIFY bus (backend/src/postgres-bus.ts) carries them to every replica (PGlite does not deliver NOTIFY
 * across connections).
 */
export interface EventBus {
  publish(events: ItemEvent[]): void;
  /** `onGap`: events may have been missed (a shared bus reconnected); the in-process bus never misses any */
  subscribe(productId: string, listener: (e: ItemEvent) => void, onGap?: () => void): () => void;
  /** keys, sessions, memberships or products changed: access caches (access/access-cache.ts) empty themselves */
  publishAccessChange(): void;
  onAccessChange(listener: () => void): () => void;
  /** these people got new notifications or read some (published after commit): their bells recount */
  publishNotified(userIds: string[]): void;
  onNotified(userId: string, listener: () => void): () => void;
}

const ACCESS = Symbol('access changed');
// a prefix no cuid product id starts with
const notifiedChannel = (userId: string) => `notified:${userId}`;

export function createInProcessBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (events) => events.forEach((e) => emitter.emit(e.productId, e)),
    subscribe(productId, listener) {
      emitter.on(productId, listener);
      return () => emitter.off(productId, listener);
    },
    // a symbol: no product id can collide with it
    publishAccessChange: () => emitter.emit(ACCESS),
    onAccessChange(listener) {
      emitter.on(ACCESS, listener);
      return () => emitter.off(ACCESS, listener);
    },
    publishNotified: (userIds) => userIds.forEach((id) => emitter.emit(notifiedChannel(id))),
    onNotified(userId, listener) {
      emitter.on(notifiedChannel(userId), listener);
      return () => emitter.off(notifiedChannel(userId), listener);
    },
  };
}
