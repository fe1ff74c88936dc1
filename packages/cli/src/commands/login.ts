import { errorOf } from '@baton/client';
import { CliFailure } from '../cli-error.ts';
import { str } from '../args/values.ts';
import { isTransportError, type Session } from '../session.ts';
import { defineCommand } from './command.ts';

type Identity = { url: string; kind: 'user' | 'apiKey'; name: string | null; email: string | null; products: string[] };

async function identify(s: Session, token: string): Promise<Identity> {
  const client = s.clientFor(token);
  const [session, products] = await Promise.all([client.auth.session.query(), client.products.list.query()]);
  return {
    url: s.url,
    kind: session ? 'user' : 'apiKey',
    name: session?.name ?? null,
    email: session?.email ?? null,
    products: products.map((p) => p.key),
  };
}

async function save(s: Session, token: string): Promise<void> {
  // the token is tied to this server: switching servers replaces both
  await s.updateUserConfig((c) => ({ ...c, url: s.url, token }));
}

/** RFC 8628 from the device's side: show the code, poll at the server's pace until someone approves or denies. */
async function deviceLogin(s: Session, clientName: string): Promise<string> {
  const client = s.clientFor(null);
  const start = await client.device.start.mutate({ clientName });
  const page = new URL(start.verificationUriComplete, s.url + '/').href;
  s.out.note(
    `To sign in, open ${page}\nand check that it shows the code ${start.userCode}.\nWaiting for approval (press Ctrl-C to give up)…`,
  );
  let interval = start.interval;
  const deadline = Date.now() + start.expiresIn * 1000;
  while (Date.now() < deadline) {
    await s.io.sleep(interval * 1000);
    let r;
    try {
      r = await client.device.poll.mutate({ deviceCode: start.deviceCode });
    } catch (e) {
      const err = errorOf(e);
      const retryAfter = Number(err?.details?.retryAfterSeconds);
      if (err?.code === 'RATE_LIMITED' && retryAfter > 0) {
        interval = Math.max(interval, retryAfter);
        continue;
      }
      // the network comes and goes (laptops): keep polling until the code expires
      if (isTransportError(e)) continue;
      throw e;
    }
    switch (r.status) {
      case 'approved':
        return r.token;
      case 'slow_down':
        interval = Math.max(interval + 5, r.interval);
        break;
      case 'authorization_pending':
        break;
      case 'access_denied':
        throw new CliFailure('ACCESS_DENIED', 'the login was denied in the browser');
      case 'expired_token':
        throw new CliFailure('EXPIRED_TOKEN', 'the code expired before anyone approved it; run `baton login` again');
    }
  }
  throw new CliFailure('EXPIRED_TOKEN', 'the code expired before anyone approved it; run `baton login` again');
}

export const login = defineCommand({
  name: 'login',
  args: [],
  summary: 'Sign in: approve a code in the browser (device login), or save an API key with --token.',
  options: {
    token: { type: 'string', value: 'TOKEN', help: 'save this API key (bat_...) or session token instead of the device login' },
    name: { type: 'string', value: 'NAME', help: 'how this device appears on the approval page and in your sessions' },
  },
  async run(s, _args, values) {
    const given = str(values, 'token');
    const token = given ?? (await deviceLogin(s, str(values, 'name') ?? `baton CLI on ${s.io.hostname}`));
    // a pasted key is checked before it is saved; a device token was just issued
    const who = await identify(s, token);
    await save(s, token);
    s.out.result({ ...who, configPath: s.userConfigPath }, () =>
      who.kind === 'user'
        ? `Signed in to ${who.url} as ${who.name} <${who.email}>.`
        : `Saved the API key for ${who.url} (products: ${who.products.join(', ') || 'none'}).`,
    );
  },
});
