import type { ItemSummary } from '@baton/contracts';

/**
 * Commands get their item from a tree row (the node), the webview or a caller (an item or its key); this gives
 * the key or id either way, or undefined when there is none (the palette without a current item).
 */
export function itemRefOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { kind?: string; item?: ItemSummary; key?: string; id?: string };
    if (o.kind === 'item' && o.item) return o.item.key;
    if (typeof o.key === 'string') return o.key;
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}
