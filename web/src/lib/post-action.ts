import type { ActionResult } from '@sveltejs/kit';
import { deserialize } from '$app/forms';

/**
 * Calls a form action from script (a drag and drop has no form to submit): `url` is the page with `?/action`.
 * The answer as `use:enhance` would see it; null when the server could not be reached.
 */
export async function postAction(url: string, body: FormData): Promise<ActionResult | null> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers: { 'x-sveltekit-action': 'true' } });
    return deserialize(await res.text());
  } catch {
    return null;
  }
}
