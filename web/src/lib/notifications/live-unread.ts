/**
 * Listens to the caller's unread notification count (`notifications.unread`, tRPC over SSE) with the browser's own
 * EventSource and session cookie; the count comes now and after every change. The browser reconnects on its own.
 * Returns the stop function.
 */
export function watchUnread(onCount: (count: number) => void): () => void {
  const source = new EventSource('/trpc/notifications.unread');
  source.onmessage = (e: MessageEvent<string>) => {
    try {
      const data = JSON.parse(e.data) as { json?: { count?: unknown }; count?: unknown };
      const count = (data.json ?? data).count;
      if (typeof count === 'number') onCount(count);
    } catch {
      // not a count (a keep-alive or a message of another shape): nothing to show
    }
  };
  return () => source.close();
}
