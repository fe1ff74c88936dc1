/**
 * Listens to the product's item events (`events.items`, tRPC over SSE) with the browser's own EventSource and
 * session cookie, and reports the ids of changed items in bursts. The browser reconnects on its own and sends
 * Last-Event-ID, so the stream resumes where it stopped (docs/events.md).
 */
export function watchItems(productId: string, onChanged: (itemIds: string[]) => void, settleMs = 150): () => void {
  // tRPC reads a subscription's input from `?input=`, superjson-encoded ({ json: ... })
  const input = encodeURIComponent(JSON.stringify({ json: { productId } }));
  const source = new EventSource(`/trpc/events.items?input=${input}`);
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.onmessage = (e: MessageEvent<string>) => {
    let itemId: unknown;
    try {
      const data = JSON.parse(e.data) as { json?: { itemId?: unknown }; itemId?: unknown };
      itemId = (data.json ?? data).itemId;
    } catch {
      return;
    }
    if (typeof itemId !== 'string') return;
    pending.add(itemId);
    // a bulk change (a sprint rolled over) arrives as a burst: fetch it once
    clearTimeout(timer);
    timer = setTimeout(() => {
      const ids = [...pending];
      pending.clear();
      onChanged(ids);
    }, settleMs);
  };
  return () => {
    clearTimeout(timer);
    source.close();
  };
}
