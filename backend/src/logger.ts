import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Carries the request id into every log line written while a request is handled. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// API-key secrets, bearer tokens, session tokens (32 base32 chars) and password-ish fields
const TOKEN = /(bat_[a-z2-7]{8}_[a-z2-7]{32}|Bearer\s+\S+|\b[a-z2-7]{32}\b)/g;
const SECRET_KEYS = /pass(word)?|secret|token|cookie|authorization/i;

/** Emails and tokens never reach the log, whether in messages or in structured fields. */
export function redact(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEYS.test(key) ? '[redacted]' : value.replace(TOKEN, '[token]').replace(EMAIL, '[email]');
  // a list under a secret name (set-cookie headers) is as secret as a single value
  if (Array.isArray(value)) return value.map((v) => redact(v, key));
  if (value instanceof Error) return { name: value.name, message: redact(value.message), stack: redact(value.stack) };
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

export type Logger = Record<Level, (msg: string, fields?: Record<string, unknown>) => void>;

/** JSON lines on stdout: one object a line, with the request id when there is one. */
export function createLogger(level: Level | 'silent', write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const log = (lvl: Level) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[lvl] < RANK[level]) return;
    const requestId = requestScope.getStore()?.requestId;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, ...(requestId && { requestId }), msg: redact(msg), ...(redact(fields) as object) }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
