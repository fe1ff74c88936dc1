/** Zod-free, so pages that render links need not bundle zod. */

/** Only http(s) links are rendered as links (the web and extension call this before making an href). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
