import { DomainError, findEmailInProduct, receiveEmail, senderAllowed, type Deps } from '@baton/core';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Logger } from './logger.ts';
import { createRateLimiter } from './rate-limit.ts';

export type EmailInOptions = { port: number; host: string; domain: string; maxBytes: number; perSenderHour: number; logger: Logger };
export type EmailInListener = { port: number; close(): Promise<void> };

/** An SMTP reply with its code: smtp-server answers the error's responseCode and message. */
const refuse = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/** Refusals from core are permanent (5xx: the sender must change something); anything else is ours, try later. */
function smtpError(e: unknown) {
  if (e instanceof DomainError) return refuse(e.code === 'PAYLOAD_TOO_LARGE' ? 552 : 550, e.message);
  return refuse(451, 'Temporary failure, try again later');
}

/**
 * Email in (docs/email-in.md): KEY@domain creates an item in product KEY, a reply to a notification comments.
 * Checks run as early as SMTP allows: the address, product and allowlist and the sender's rate at RCPT, the size
 * during DATA. The mail is stored (receiveEmail commits) before 250 is answered; on any failure of ours the answer
 * is 451 and the sender's server keeps the message and retries, so nothing acknowledged is lost.
 */
export async function startEmailIn(deps: Deps, opts: EmailInOptions): Promise<EmailInListener> {
  const domain = opts.domain.toLowerCase();
  // one rule for every sender, in the repository's one limiter (the public roadmap's and sign-in's too)
  const perSender = createRateLimiter({ limit: opts.perSenderHour, windowMs: 3_600_000 });

  async function productOf(rcpt: string) {
    const at = rcpt.lastIndexOf('@');
    if (at < 1 || rcpt.slice(at + 1).toLowerCase() !== domain) return null;
    return findEmailInProduct(deps, rcpt.slice(0, at));
  }

  const server = new SMTPServer({
    name: domain,
    banner: 'Baton email in',
    size: opts.maxBytes,
    authOptional: true,
    // plain SMTP on a port an MTA or a trusted network hands mail to (docs/email-in.md): no AUTH, no TLS here
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 50,
    socketTimeout: 60_000,
    // on shutdown a slow sender gets 5 s to finish, then is cut off (its server retries; nothing was acknowledged)
    closeTimeout: 5_000,
    onMailFrom(address, _session, callback) {
      // bounces (null sender) never create items: that is how mail loops start
      if (!address.address) return callback(refuse(550, 'A sender address is required'));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      void (async () => {
        // one product per message: its single DATA answer then speaks for exactly one stored item or comment
        if (session.envelope.rcptTo.length >= 1) return refuse(452, 'One recipient per message, send the rest separately');
        const product = await productOf(address.address);
        if (!product) return refuse(550, `No Baton product takes mail at ${address.address}`);
        const sender = (session.envelope.mailFrom || { address: '' }).address.toLowerCase();
        if (!senderAllowed(product.allowlist, sender)) return refuse(550, `${sender} may not write to ${product.key}`);
        const wait = perSender.take(sender);
        if (wait !== null) return refuse(451, `Too many messages from ${sender}, try again in ${wait} s`);
        return undefined;
      })().then(
        (err) => callback(err ?? undefined),
        (e: unknown) => {
          opts.logger.error('email in: recipient check failed', { error: e });
          callback(smtpError(e));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > opts.maxBytes) return callback(refuse(552, `Message larger than ${opts.maxBytes} bytes`));
        void store(Buffer.concat(chunks), session).then(
          (message) => callback(null, message),
          (e: unknown) => {
            if (!(e instanceof DomainError)) opts.logger.error('email in: storing failed', { error: e });
            else opts.logger.info('email in: refused', { code: e.code, reason: e.message });
            callback(smtpError(e));
          },
        );
      });
    },
  });

  async function store(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const rcpt = session.envelope.rcptTo[0]?.address ?? '';
    const product = await productOf(rcpt);
    if (!product) throw new DomainError('NOT_FOUND', `No Baton product takes mail at ${rcpt}`);
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
    const auto = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
    if (auto !== 'no') throw new DomainError('FORBIDDEN', 'Automatic replies are not taken');
    const fromHeader = firstAddress(mail.from);
    const envelopeFrom = (session.envelope.mailFrom || { address: '' }).address;
    const refs = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
    const result = await receiveEmail(deps, {
      productId: product.id,
      from: fromHeader ?? { address: envelopeFrom, name: '' },
      subject: mail.subject ?? '',
      text: mail.text ?? '',
      threadIds: [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...refs].reverse()],
      messageId: mail.messageId ?? null,
      attachments: mail.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename).map((a) => ({ fileName: a.filename ?? 'attachment', content: a.content })),
    });
    const what = `${result.kind === 'item' ? 'item' : 'comment on'} ${result.itemKey}`;
    // a repeat is still a 250: the message is stored, and the sender must stop retrying it
    if (result.duplicate) {
      opts.logger.info('email in: duplicate', { messageId: mail.messageId, item: result.itemKey });
      return `Already stored as ${what}`;
    }
    opts.logger.info('email in: stored', { kind: result.kind, item: result.itemKey, attached: result.attached.length, skipped: result.skipped });
    return `Stored as ${what}`;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => opts.logger.error('email in: listener error', { error: e }));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const first = (Array.isArray(a) ? a[0] : a)?.value[0];
  return first?.address ? { address: first.address, name: first.name ?? '' } : null;
}
