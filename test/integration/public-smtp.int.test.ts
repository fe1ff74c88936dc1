import type { AddressInfo } from 'node:net';
import { createLogger, folderTransport, smtpTransport } from '@baton/backend';
import { deliverDueEmails, enqueueEmails } from '@baton/core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb, testDeps } from '../support/builders.ts';
import { parseMail, readOutbox } from '../support/outbox.ts';

// Outgoing email against a real SMTP server process on loopback (the smtp-server package): what arrives must be
// a well-formed RFC 5322 message; a refusing server leaves the message queued with its error for a retry.

const db = testDb();
const deps = { ...testDeps(db), publicUrl: 'http://roadmap.test' };
const received: { from: string; to: string[]; raw: string }[] = [];
let refuse = false;
let smtp: SMTPServer;
let port = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      cb(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await db.$disconnect();
});

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('email delivery', () => {
  it('sends well-formed messages over SMTP with an unsubscribe header, once', async () => {
    const to = `smtp-${unique()}@example.test`;
    await db.$transaction((tx) =>
      enqueueEmails(deps, tx, [
        {
          to,
          kind: 'shipped',
          subject: 'Shipped: Dark mode ✓',
          text: `Good news: "Dark mode" shipped.\n\nRelease notes: http://roadmap.test/changelog/BAT ${'long line '.repeat(12)}`,
        },
      ]),
    );
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'Baton <no-reply@baton.test>');
    // other tests' messages may be due too: deliver until ours went out
    for (let i = 0; i < 20 && !received.some((r) => r.to.includes(to)); i++) await deliverDueEmails(deps, transport);
    transport.close();
    const got = received.filter((r) => r.to.includes(to));
    expect(got).toHaveLength(1);
    expect(got[0]!.from).toBe('no-reply@baton.test');
    const mail = parseMail(got[0]!.raw);
    expect(mail.headers.from).toBe('Baton <no-reply@baton.test>');
    expect(mail.to).toBe(to);
    expect(mail.subject).toBe('Shipped: Dark mode ✓');
    expect(mail.headers['mime-version']).toBe('1.0');
    expect(mail.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/i);
    expect(mail.headers['message-id']).toMatch(/^<\w+@baton>$/);
    expect(new Date(mail.headers.date!).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/roadmap\.test\/unsubscribe\/[a-z0-9]+>/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain('Release notes: http://roadmap.test/changelog/BAT');
    expect(mail.text).toMatch(/Unsubscribe: http:\/\/roadmap\.test\/unsubscribe\/[a-z0-9]+/);
    // every line within the RFC 5322 limit of 998 characters, CRLF line ends on the wire
    expect(got[0]!.raw.split('\r\n').every((l) => l.length <= 998)).toBe(true);
    const row = await db.emailMessage.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('keeps a refused message queued with its error, and retries it later', async () => {
    const to = `refused-${unique()}@example.test`;
    await db.$transaction((tx) =>
      enqueueEmails(deps, tx, [{ to, kind: 'verify_email', subject: 'Confirm', text: 'Confirm: http://roadmap.test/verify/abc' }]),
    );
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'Baton <no-reply@baton.test>');
    refuse = true;
    try {
      for (let i = 0; i < 20; i++) {
        await deliverDueEmails(deps, transport);
        if ((await db.emailMessage.findFirstOrThrow({ where: { to } })).attempts > 0) break;
      }
    } finally {
      refuse = false;
    }
    const failed = await db.emailMessage.findFirstOrThrow({ where: { to } });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.lastError).toMatch(/550|mailbox unavailable/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // when its retry is due, it goes out
    await db.emailMessage.update({ where: { id: failed.id }, data: { nextAttemptAt: new Date(0) } });
    for (let i = 0; i < 20 && (await db.emailMessage.findFirstOrThrow({ where: { to } })).status !== 'sent'; i++)
      await deliverDueEmails(deps, transport);
    transport.close();
    expect((await db.emailMessage.findFirstOrThrow({ where: { to } })).status).toBe('sent');
    expect(received.some((r) => r.to.includes(to))).toBe(true);
  });

  it('writes .eml files to the outbox folder when no SMTP server is configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-outbox-'));
    try {
      const to = `folder-${unique()}@example.test`;
      await db.$transaction((tx) =>
        enqueueEmails(deps, tx, [
          { to, kind: 'submission_received', subject: 'We received your idea', text: 'Follow it: http://roadmap.test/submissions/xyz' },
        ]),
      );
      const transport = folderTransport(dir, 'Baton <no-reply@baton.test>', createLogger('silent'));
      for (let i = 0; i < 20 && !(await readOutbox(dir)).some((m) => m.to === to); i++) await deliverDueEmails(deps, transport);
      const mail = (await readOutbox(dir)).find((m) => m.to === to)!;
      expect(mail.subject).toBe('We received your idea');
      expect(mail.text).toContain('http://roadmap.test/submissions/xyz');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
