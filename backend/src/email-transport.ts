import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailTransport, OutgoingEmail } from '@baton/core';
import nodemailer from 'nodemailer';
import type { Logger } from './logger.ts';

/**
 * A message about one item names it in its Message-ID and References (`<item-ID.…@domain>`), and its product's
 * email-in address is the Reply-To: a reply threads back to the item as a comment (docs/email-in.md).
 */
function mailOf(from: string, m: OutgoingEmail, domain = 'baton') {
  return {
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.itemId ? `<item-${m.itemId}.${m.id}@${domain}>` : `<${m.id}@${domain}>`,
    ...(m.itemId && { references: `<item-${m.itemId}@${domain}>` }),
    ...(m.replyTo && { replyTo: m.replyTo }),
    // one-click unsubscribe (RFC 8058) next to the link in the body: the mail client POSTs to the link itself
    // (one-click-unsubscribe.ts answers it)
    ...(m.unsubscribeUrl && {
      list: { unsubscribe: { url: m.unsubscribeUrl, comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    }),
  };
}

/** SMTP through nodemailer (SMTP_URL). */
export function smtpTransport(url: string, from: string, domain?: string): EmailTransport & { close(): void } {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail(mailOf(from, m, domain));
    },
    close: () => transport.close(),
  };
}

/**
 * No SMTP configured: each message is written as an .eml file (the same RFC 5322 bytes SMTP would carry) to
 * `dir`, and logged, so a single-machine install still shows what it would have sent.
 */
export function folderTransport(dir: string, from: string, logger: Logger, domain?: string): EmailTransport & { close(): void } {
  const compose = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let ready: Promise<unknown> | null = null;
  return {
    async send(m) {
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const info = await compose.sendMail(mailOf(from, m, domain));
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${m.id}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info('email written to outbox', { to: m.to, subject: m.subject, file });
    },
    close: () => compose.close(),
  };
}
