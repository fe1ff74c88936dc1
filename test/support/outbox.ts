import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Mail = { file: string; headers: Record<string, string>; to: string; subject: string; text: string; raw: string };

/** Decodes a quoted-printable body (RFC 2045 §6.7) as UTF-8. */
function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes RFC 2047 encoded words in a header (`=?UTF-8?Q?...?=` / `=?UTF-8?B?...?=`). */
function decodeHeader(v: string): string {
  return v.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** A single-part text message as nodemailer writes it (the outbox folder, or what an SMTP server received). */
export function parseMail(raw: string, file = ''): Mail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeHeader(line.slice(i + 1).trim());
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    cte === 'quoted-printable' ? decodeQuotedPrintable(body) : cte === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { file, headers, to: headers.to ?? '', subject: headers.subject ?? '', text, raw };
}

export async function readOutbox(dir: string): Promise<Mail[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map(async (f) => parseMail(await readFile(join(dir, f), 'utf8'), f)));
}

/** Waits until the outbox holds a message matching `match` (the delivery worker runs every MAIL_SEND_SECONDS). */
export async function waitForMail(dir: string, match: (m: Mail) => boolean, timeoutMs = 20_000): Promise<Mail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readOutbox(dir)).find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching message in ${dir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The first link in a message whose path starts with `path` (e.g. /verify/). */
export function linkIn(mail: Mail, path: string): string {
  const m = new RegExp(`https?://\\S+${path}[a-z0-9]+`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in "${mail.subject}"`);
  return m[0];
}
