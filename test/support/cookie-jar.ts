/**
 * A tiny cookie jar over fetch for driving browser flows without a browser: cookies kept per origin (stricter
 * than a browser, which shares them across ports), expiry honoured, redirects left to the caller.
 */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  get(url: string | URL, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.byOrigin.get(target.origin);
    const headers = new Headers(init.headers);
    if (jar?.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.store(target.origin, res.headers.getSetCookie());
    return res;
  }

  private store(origin: string, setCookies: string[]) {
    let jar = this.byOrigin.get(origin);
    if (!jar) this.byOrigin.set(origin, (jar = new Map()));
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      if (i < 0) continue;
      const name = pair.slice(0, i).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.split('=').map((s) => s.trim());
        return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && new Date(v).getTime() <= Date.now());
      });
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(i + 1).trim());
    }
  }
}
