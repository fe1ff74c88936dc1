import { errorOf, type BatonClient } from '@baton/client';

/**
 * BATON_PRODUCT may be a key (any case) or an id; the server resolves it (products.get, core's resolveProductId).
 * Asked once at start-up so a wrong product fails before serving, naming the products the token does see.
 */
export async function resolveProduct(client: BatonClient, keyOrId: string): Promise<string> {
  try {
    return (await client.products.get.query({ productId: keyOrId })).id;
  } catch (e) {
    if (errorOf(e)?.code !== 'NOT_FOUND') throw e;
    const known = (await client.products.list.query()).map((p) => p.key).join(', ') || 'none';
    throw new Error(`No product "${keyOrId}" is visible to this token (visible: ${known})`);
  }
}
