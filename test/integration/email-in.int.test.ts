import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, folderTransport, startEmailIn, type EmailInListener } from '@baton/backend';
import { deliverDueEmails, enqueueEmails, LocalDiskStorage, type Deps } from '@baton/core';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDomainError, expectInputError } from '../support/expect-error.ts';
import { buildOrg, buildUser, callerAsUser, testDb, testDeps } from '../support/builders.ts';
import { parseMail } from '../support/outbox.ts';

// Email in over real SMTP on loopback: nodemailer is the sending client, the listener is the one the server runs
// (smtp-in.ts) on the real database. A 250 means the item or comment is already committed.

const DOMAIN = 'in.baton.test';
const db = testDb();
let dir: string;
let deps: Deps;
let listener: EmailInListener;
const logger = createLogger('silent');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baton-email-in-'));
  deps = { ...testDeps(db), storage: new LocalDiskStorage(join(dir, 'attachments')), emailInDomain: DOMAIN, publicUrl: 'http://baton.test' };
  listener = await startEmailIn(deps, { port: 0, host: '127.0.0.1', domain: DOMAIN, maxBytes: 64 * 1024, perSenderHour: 5, logger });
});
afterAll(async () => {
  await listener.close();
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
const send = (mail: nodemailer.SendMailOptions, port = listener.port) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail(mail);
/** The SMTP answer nodemailer reports for a refused message. */
const refusal = (p: Promise<unknown>) => p.then(() => ({ responseCode: 250 }), (e: { responseCode?: number; response?: string }) => e);

async function team(settings: { enabled?: boolean; allowlist?: string[] } = {}) {
  const { org, product } = await buildOrg(db);
  const manager = await buildUser(db, org.id, 'manager');
  const dev = await buildUser(db, org.id, 'developer');
  const { caller } = await callerAsUser(deps, manager);
  const view = await caller.emailInSettings.update({ productId: product.id, enabled: true, ...settings });
  return { org, product, manager, dev, caller, address: view.address! };
}

describe('email in', () => {
  it('turns mail from a member into an item with its attachment, stored before the 250', async () => {
    const t = await team();
    const info = await send({
      from: `Dev <${t.dev.email}>`,
      to: t.address,
      subject: 'Export crashes on empty rows',
      text: 'Steps: export an empty sheet.\nIt crashes.',
      attachments: [
        { filename: 'crash.log', content: 'stack trace here\n' },
        { filename: 'run.exe', content: 'MZ' },
      ],
    });
    expect(info.response).toMatch(/^250 .*Stored as item /);
    // no waiting: the answer came after the commit
    const item = await db.item.findFirstOrThrow({
      where: { productId: t.product.id },
      select: { id: true, number: true, title: true, description: true, reporterUserId: true, status: true, attachments: { select: { fileName: true, storageKey: true, size: true, contentType: true } } },
    });
    expect(info.response).toContain(`${t.product.key}-${item.number}`);
    expect(item).toMatchObject({ title: 'Export crashes on empty rows', description: 'Steps: export an empty sheet.\nIt crashes.', reporterUserId: t.dev.id, status: 'open' });
    // same rules as uploads: the .exe is not kept, the log is, with its bytes in storage
    expect(item.attachments).toHaveLength(1);
    expect(item.attachments[0]).toMatchObject({ fileName: 'crash.log', size: 17, contentType: 'text/plain' });
    const stored = await readFile(join(dir, 'attachments', item.attachments[0]!.storageKey.slice(0, 2), item.attachments[0]!.storageKey), 'utf8');
    expect(stored).toBe('stack trace here\n');
    const events = await db.activityEvent.findMany({ where: { itemId: item.id }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(['attachment_added', 'created']);
  });

  it('records an outside sender by address, into triage', async () => {
    const t = await team();
    const from = `customer-${unique()}@outside.test`;
    await send({ from: `Cleo Customer <${from}>`, to: t.address, subject: 'Dark mode please', text: 'My eyes.' });
    const item = await db.item.findFirstOrThrow({ where: { productId: t.product.id }, select: { id: true, status: true, submitterEmail: true, submitterName: true, reporterUserId: true } });
    expect(item).toMatchObject({ status: 'triage', submitterEmail: from, submitterName: 'Cleo Customer', reporterUserId: null });
    expect(await db.submission.count({ where: { itemId: item.id, state: 'pending' } })).toBe(1);
  });

  it("makes a member's reply to a notification email a comment, without the quoted text", async () => {
    const t = await team();
    const item = await (await callerAsUser(deps, t.dev)).caller.items.create({ productId: t.product.id, type: 'bug', title: 'Login loops' });
    // the notification as the outbox sends it: the Message-ID names the item, Reply-To is the product's address
    await db.$transaction((tx) => enqueueEmails(deps, tx, [{ to: t.manager.email, subject: 'Login loops changed', text: 'It moved.', kind: 'notification_digest', itemId: item.id }]));
    const outbox = join(dir, `outbox-${unique()}`);
    const transport = folderTransport(outbox, 'Baton <no-reply@baton.test>', logger, DOMAIN);
    while ((await deliverDueEmails(deps, transport)) > 0);
    transport.close();
    const files = await readdir(outbox);
    const sent = (await Promise.all(files.map(async (f) => parseMail(await readFile(join(outbox, f), 'utf8'))))).find((m) => m.to === t.manager.email)!;
    expect(sent.headers['message-id']).toMatch(new RegExp(`^<item-${item.id}\\.[a-z0-9]+@${DOMAIN}>$`));
    expect(sent.headers.references).toBe(`<item-${item.id}@${DOMAIN}>`);
    expect(sent.headers['reply-to']).toBe(t.address);

    const info = await send({
      from: t.manager.email,
      to: sent.headers['reply-to'],
      subject: `Re: ${sent.subject}`,
      inReplyTo: sent.headers['message-id'],
      references: [sent.headers.references!, sent.headers['message-id']!],
      text: `Fixed in the next build.\n\nOn Mon, 7 Dec 2026 at 10:00, Baton <no-reply@baton.test>\nwrote:\n> It moved.\n`,
    });
    expect(info.response).toContain(`Stored as comment on ${item.key}`);
    const comments = await db.comment.findMany({ where: { itemId: item.id }, select: { body: true, authorUserId: true } });
    expect(comments).toEqual([{ body: 'Fixed in the next build.', authorUserId: t.manager.id }]);
    expect(await db.item.count({ where: { productId: t.product.id } })).toBe(1);

    // an outside sender's reply is refused: only the team comments
    const outsider = await refusal(send({ from: `x-${unique()}@outside.test`, to: t.address, subject: 'Re: x', inReplyTo: sent.headers['message-id'], text: 'me too' }));
    expect(outsider.responseCode).toBe(550);
    expect(await db.comment.count({ where: { itemId: item.id } })).toBe(1);
  });

  it('refuses a wrong domain, an unknown product and a product with email in off at RCPT', async () => {
    const t = await team();
    const off = await buildOrg(db);
    for (const to of [`${t.product.key.toLowerCase()}@elsewhere.test`, `nosuchkey@${DOMAIN}`, `${off.product.key.toLowerCase()}@${DOMAIN}`]) {
      const e = await refusal(send({ from: t.dev.email, to, subject: 'x', text: 'y' }));
      expect(e.responseCode, to).toBe(550);
    }
    expect(await db.item.count({ where: { productId: { in: [t.product.id, off.product.id] } } })).toBe(0);
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const t = await team();
    const e = await refusal(send({ from: t.dev.email, to: t.address, subject: 'big', text: 'x', attachments: [{ filename: 'big.txt', content: 'a'.repeat(100 * 1024) }] }));
    expect(e.responseCode).toBe(552);
    expect(await db.item.count({ where: { productId: t.product.id } })).toBe(0);
  });

  it("takes only the allowlist's senders when the product has one", async () => {
    const t = await team({ allowlist: ['@partner.test', `${unique()}@solo.test`] });
    const refused = await refusal(send({ from: `a-${unique()}@other.test`, to: t.address, subject: 'no', text: 'no' }));
    expect(refused.responseCode).toBe(550);
    // the header From is the author: it must be allowed too, whatever the envelope said
    const forged = await refusal(send({ from: `b-${unique()}@other.test`, envelope: { from: `c-${unique()}@partner.test`, to: t.address }, to: t.address, subject: 'no', text: 'no' }));
    expect(forged.responseCode).toBe(550);
    await send({ from: `d-${unique()}@partner.test`, to: t.address, subject: 'yes', text: 'yes' });
    expect(await db.item.findMany({ where: { productId: t.product.id }, select: { title: true } })).toEqual([{ title: 'yes' }]);
  });

  it('answers 451 past the per-sender rate, and the sender may go on later', async () => {
    const t = await team();
    const from = `busy-${unique()}@outside.test`;
    for (let i = 0; i < 5; i++) await send({ from, to: t.address, subject: `n${i}`, text: 'x' });
    const e = await refusal(send({ from, to: t.address, subject: 'n5', text: 'x' }));
    expect(e.responseCode).toBe(451);
    expect(await db.item.count({ where: { productId: t.product.id } })).toBe(5);
    // another sender is not held up
    await send({ from: `calm-${unique()}@outside.test`, to: t.address, subject: 'other', text: 'x' });
    expect(await db.item.count({ where: { productId: t.product.id } })).toBe(6);
  });

  it('answers 451 and keeps nothing when storing fails, so the sender retries', async () => {
    const t = await team();
    const broken = { ...deps, storage: { put: () => Promise.reject(new Error('disk full')), get: async () => null, delete: async () => {} } };
    const other = await startEmailIn(broken, { port: 0, host: '127.0.0.1', domain: DOMAIN, maxBytes: 64 * 1024, perSenderHour: 5, logger });
    try {
      const e = await refusal(send({ from: t.dev.email, to: t.address, subject: 'lost?', text: 'x', attachments: [{ filename: 'a.txt', content: 'a' }] }, other.port));
      expect(e.responseCode).toBe(451);
      expect(await db.item.count({ where: { productId: t.product.id } })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('email in, a message delivered twice', () => {
  /** What the 250 says was stored ("Stored as item BAT-1", "Already stored as ..."). */
  const answer = (info: { response: string }) => /^250 .*?((Already s|S)tored as .*)$/.exec(info.response)?.[1];
  const storedFiles = async () => (await readdir(join(dir, 'attachments'), { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).length;

  it('stores one item per Message-ID and product, after a retry and when two copies arrive at once', async () => {
    const t = await team();
    const mail = { from: t.dev.email, to: t.address, subject: 'Twice told', text: 'x', messageId: `<${unique()}@mail.test>`, attachments: [{ filename: 'a.txt', content: 'a' }] };
    const first = await send(mail);
    const item = await db.item.findFirstOrThrow({ where: { productId: t.product.id }, select: { id: true, number: true } });
    expect(answer(first)).toBe(`Stored as item ${t.product.key}-${item.number}`);
    // the sender lost our 250 and sends again: a 250 naming the same item, and nothing new
    const files = await storedFiles();
    expect(answer(await send(mail))).toBe(`Already stored as item ${t.product.key}-${item.number}`);

    // two deliveries of another message at the same moment (two connections): one item, one set of attachments
    const raced = { ...mail, subject: 'Raced', messageId: `<${unique()}@mail.test>` };
    const answers = (await Promise.all([send(raced), send(raced)])).map(answer);
    const raced1 = `${t.product.key}-${item.number + 1}`;
    expect(answers.sort()).toEqual([`Already stored as item ${raced1}`, `Stored as item ${raced1}`]);
    expect(await db.item.findMany({ where: { productId: t.product.id }, select: { title: true, _count: { select: { attachments: true } } }, orderBy: { number: 'asc' } })).toEqual([
      { title: 'Twice told', _count: { attachments: 1 } },
      { title: 'Raced', _count: { attachments: 1 } },
    ]);
    // the losing copy's attachment bytes were removed again
    expect(await storedFiles()).toBe(files + 1);
    expect(await db.inboundEmail.count({ where: { productId: t.product.id } })).toBe(2);

    // the same message to another product is that product's own message
    const other = await team();
    expect(answer(await send({ ...mail, to: other.address, from: other.dev.email }))).toBe(`Stored as item ${other.product.key}-1`);
  });

  it('stores a reply delivered twice at once as one comment', async () => {
    const t = await team();
    const item = await (await callerAsUser(deps, t.dev)).caller.items.create({ productId: t.product.id, type: 'bug', title: 'Login loops' });
    const reply = { from: t.manager.email, to: t.address, subject: 'Re: Login loops', inReplyTo: `<item-${item.id}.abc@${DOMAIN}>`, text: 'On it.', messageId: `<${unique()}@mail.test>` };
    const answers = await Promise.all([send(reply), send(reply)]);
    expect(answers.map(answer).sort()).toEqual([`Already stored as comment on ${item.key}`, `Stored as comment on ${item.key}`]);
    expect(await db.comment.findMany({ where: { itemId: item.id }, select: { body: true } })).toEqual([{ body: 'On it.' }]);
  });

  it('takes a message without a Message-ID, each time it comes (nothing to know a repeat by)', async () => {
    const t = await team();
    // nodemailer adds a Message-ID to every message it composes; a raw message is sent as it is
    const raw = `From: ${t.dev.email}\r\nTo: ${t.address}\r\nSubject: No id\r\n\r\nNo Message-ID here.\r\n`;
    for (let i = 1; i <= 2; i++) expect(answer(await send({ envelope: { from: t.dev.email, to: t.address }, raw }))).toBe(`Stored as item ${t.product.key}-${i}`);
    expect(await db.item.count({ where: { productId: t.product.id, title: 'No id', description: 'No Message-ID here.' } })).toBe(2);
    expect(await db.inboundEmail.count({ where: { productId: t.product.id } })).toBe(0);
  });
});

describe('email-in settings', () => {
  it('managers set them and see the address; developers may not; bad senders are named', async () => {
    const t = await team({ allowlist: ['Ann@Example.com', '@example.org', 'ann@example.com'] });
    expect(await t.caller.emailInSettings.get({ productId: t.product.id })).toEqual({
      enabled: true,
      allowlist: ['ann@example.com', '@example.org'],
      address: `${t.product.key.toLowerCase()}@${DOMAIN}`,
    });
    const dev = (await callerAsUser(deps, t.dev)).caller;
    await expectDomainError(dev.emailInSettings.update({ productId: t.product.id, enabled: false }), 'FORBIDDEN');
    await expectDomainError(dev.emailInSettings.get({ productId: t.product.id }), 'FORBIDDEN');
    const bad = await expectInputError(t.caller.emailInSettings.update({ productId: t.product.id, allowlist: ['not an address'] }), 'allowlist.0');
    expect(bad.message).toContain('must be an email address or @domain');
    await expectInputError(t.caller.emailInSettings.update({ productId: t.product.id, bogus: 1 } as never), 'bogus');
  });
});
