import type { BatonClient } from '@baton/client';

/** BATON_PRODUCT may be a key (BAT) or an id: find the id among the products the caller can see. */
export async function resolveProduct(client: BatonClient, keyOrId: string): Promise<string> {
  const products = await client.products.list.query();
  const match = products.find((p) => p.id === keyOrId) ?? products.find((p) => p.key.toLowerCase() === keyOrId.toLowerCase());
  if (!match) {
    const known = products.map((p) => p.key).join(', ') || 'none';
    throw new Error(`No product "${keyOrId}" is visible to this token (visible: ${known})`);
  }
  return match.id;
}
