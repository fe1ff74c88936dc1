import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, createLogger } from '@baton/backend';
import { ATTACHMENT_MAX_BYTES } from '@baton/contracts';
import { createApiKey, createSession, LocalDiskStorage } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../support/api-server.ts';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';

// The attachment routes over real HTTP: streamed multipart upload with a 25 MB cap, the allowed-type list, the
// same authorization as writes (and reads for downloads), tenant isolation, and safe download headers.

const db = testDb();
const deps = testDeps(db);
let dir: string;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-attachments-'));
  const app = createApp({ ...deps, storage: new LocalDiskStorage(dir), logger: createLogger('silent') });
  ({ url, close } = await listen(app, db));
});
afterAll(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

async function storedFiles(): Promise<string[]> {
  const shards = await readdir(dir).catch(() => []);
  return (await Promise.all(shards.map(async (s) => (await readdir(join(dir, s))).map((f) => `${s}/${f}`)))).flat();
}

async function team() {
  const { org, product } = await buildOrg(db);
  const session = async (role: 'owner' | 'manager' | 'developer' | 'viewer') => {
    const user = await buildUser(db, org.id, role);
    const { token } = await createSession(deps, user.id, { twoFactorVerified: true });
    return { user, token, caller: (await callerAsUser(deps, user)).caller };
  };
  const dev = await session('developer');
  const item = await dev.caller.items.create({ productId: product.id, type: 'bug', title: 'Has files' });
  return { org, product, item, dev, session, uploadUrl: `${url}/files/${product.id}/items/${item.key}` };
}

function form(name: string, body: Blob | string, type = 'application/octet-stream') {
  const f = new FormData();
  f.append('file', typeof body === 'string' ? new Blob([body], { type }) : body, name);
  return f;
}

const upload = (target: string, token: string | null, body: FormData, headers: Record<string, string> = {}) =>
  fetch(target, { method: 'POST', body, headers: { accept: 'application/json', ...(token && { cookie: `baton_session=${token}` }), ...headers } });

describe('attachment upload and download', () => {
  it('stores an allowed file under a random key and serves it as a download that is never sniffed', async () => {
    const t = await team();
    const res = await upload(t.uploadUrl, t.dev.token, form('../../etc/crash log.txt', 'line 1\nline 2\n', 'text/html'));
    expect(res.status).toBe(201);
    const att = (await res.json()) as { id: string; fileName: string; contentType: string; size: number };
    // the browser's claimed type is ignored, the path is dropped, and the stored name is not the user's
    expect(att).toMatchObject({ fileName: 'crash log.txt', contentType: 'text/plain', size: 14 });
    const row = await db.attachment.findUniqueOrThrow({ where: { id: att.id } });
    expect(row.storageKey).toMatch(/^[a-f0-9]{48}$/);
    expect(await storedFiles()).toContain(`${row.storageKey.slice(0, 2)}/${row.storageKey}`);

    const dl = await fetch(`${url}/files/${t.product.id}/${att.id}`, { headers: { cookie: `baton_session=${t.dev.token}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="crash log.txt"; filename*=UTF-8''crash%20log.txt`);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await dl.text()).toBe('line 1\nline 2\n');

    expect((await t.dev.caller.attachments.list({ productId: t.product.id, ref: t.item.key })).map((a) => a.fileName)).toEqual(['crash log.txt']);
  });

  it('refuses HTML, SVG and executables with 415 and the reason, and keeps nothing', async () => {
    const t = await team();
    const before = await storedFiles();
    for (const name of ['page.html', 'logo.svg', 'setup.exe', 'run.sh', 'noext']) {
      const res = await upload(t.uploadUrl, t.dev.token, form(name, '<script>alert(1)</script>'));
      expect(res.status, name).toBe(415);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.error.message).toMatch(/cannot be attached; allowed: png, jpg/);
    }
    expect(await storedFiles()).toEqual(before);
    expect(await db.attachment.count({ where: { itemId: t.item.id } })).toBe(0);
  });

  it('refuses a file over 25 MB with 413 while streaming, and removes the partial file', async () => {
    const t = await team();
    const before = await storedFiles();
    const big = new Blob([new Uint8Array(ATTACHMENT_MAX_BYTES + 1)]);
    const res = await upload(t.uploadUrl, t.dev.token, form('huge.log', big));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('The file is larger than 25 MB');
    expect(await storedFiles()).toEqual(before);
    // exactly the limit is accepted
    const ok = await upload(t.uploadUrl, t.dev.token, form('limit.zip', new Blob([new Uint8Array(ATTACHMENT_MAX_BYTES)])));
    expect(ok.status).toBe(201);
  });

  it('applies write access to uploads and read access to downloads; other tenants see nothing', async () => {
    const t = await team();
    const viewer = await t.session('viewer');
    expect((await upload(t.uploadUrl, null, form('a.txt', 'x'))).status).toBe(401);
    expect((await upload(t.uploadUrl, viewer.token, form('a.txt', 'x'))).status).toBe(403);
    const created = (await (await upload(t.uploadUrl, t.dev.token, form('a.txt', 'x'))).json()) as { id: string };
    const download = `${url}/files/${t.product.id}/${created.id}`;
    expect((await fetch(download, { headers: { cookie: `baton_session=${viewer.token}` } })).status).toBe(200);
    expect((await fetch(download)).status).toBe(401);

    // another organization: its owner, and its admin key, get 404 for org A's product and attachment
    const other = await buildOrg(db);
    const stranger = await buildUser(db, other.org.id, 'owner');
    const { token } = await createSession(deps, stranger.id, { twoFactorVerified: true });
    expect((await upload(t.uploadUrl, token, form('a.txt', 'x'))).status).toBe(404);
    expect((await fetch(download, { headers: { cookie: `baton_session=${token}` } })).status).toBe(404);
    const strangerCtx = { ...deps, principal: { kind: 'user' as const, userId: stranger.id, name: stranger.name, email: stranger.email, sessionId: null } };
    const { secret } = await createApiKey(strangerCtx, { organizationId: other.org.id, name: 'k', role: 'agent', scopes: ['admin'] });
    expect((await fetch(download, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(404);
    // org A's attachment id under org B's own product is missing too
    expect((await fetch(`${url}/files/${other.product.id}/${created.id}`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(404);
    // a cross-site form post is refused even with the cookie
    expect((await upload(t.uploadUrl, t.dev.token, form('a.txt', 'x'), { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('lets the uploader or a manager delete, and removes the bytes', async () => {
    const t = await team();
    const other = await t.session('developer');
    const manager = await t.session('manager');
    const created = (await (await upload(t.uploadUrl, t.dev.token, form('shot.png', 'png'))).json()) as { id: string };
    const key = (await db.attachment.findUniqueOrThrow({ where: { id: created.id } })).storageKey;
    await expect(other.caller.attachments.delete({ productId: t.product.id, attachmentId: created.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await manager.caller.attachments.delete({ productId: t.product.id, attachmentId: created.id })).toEqual({ ok: true });
    // the caller has no storage (createCaller); delete through the server's own storage instead
    const again = (await (await upload(t.uploadUrl, t.dev.token, form('shot2.png', 'png'))).json()) as { id: string };
    const key2 = (await db.attachment.findUniqueOrThrow({ where: { id: again.id } })).storageKey;
    const res = await fetch(`${url}/trpc/attachments.delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `baton_session=${t.dev.token}` },
      body: JSON.stringify({ json: { productId: t.product.id, attachmentId: again.id } }),
    });
    expect(res.status).toBe(200);
    expect(await storedFiles()).not.toContain(`${key2.slice(0, 2)}/${key2}`);
    expect(key).toMatch(/^[a-f0-9]{48}$/);
  });
});
