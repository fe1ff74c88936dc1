import { describe, expect, it } from 'vitest';
import { createLogger, redact, requestScope } from './logger.ts';

const API_KEY = 'bat_abcdefgh_abcdefghijklmnopqrstuvwxyz234567';
const SESSION_TOKEN = 'zyxwvutsrqponmlkjihgfedcba765432';

describe('redact', () => {
  it('replaces emails inside any text', () => {
    expect(redact('login failed for Ada.Lovelace+test@Example.co.uk, retrying')).toBe('login failed for [email], retrying');
  });

  it('replaces API-key secrets, bearer tokens and session tokens', () => {
    expect(redact(`key ${API_KEY} used`)).toBe('key [token] used');
    expect(redact('Authorization was Bearer abc.def-123')).toBe('Authorization was [token]');
    expect(redact(`session=${SESSION_TOKEN};`)).toBe('session=[token];');
  });

  it('leaves ordinary text, ids and numbers alone', () => {
    expect(redact('item BAT-42 moved to done in 12 ms')).toBe('item BAT-42 moved to done in 12 ms');
    expect(redact(42)).toBe(42);
    expect(redact(null)).toBeNull();
    expect(redact(true)).toBe(true);
  });

  it('blanks text in fields whose names say they are secret', () => {
    expect(
      redact({ password: 'hunter2', newPassword: 'x', clientSecret: 's', token: 't', cookie: 'c', Authorization: 'Basic Zm9v' }),
    ).toEqual({
      password: '[redacted]',
      newPassword: '[redacted]',
      clientSecret: '[redacted]',
      token: '[redacted]',
      cookie: '[redacted]',
      Authorization: '[redacted]',
    });
  });

  it('blanks every entry of a secret field that holds a list', () => {
    expect(redact({ 'set-cookie': ['baton_session=short; HttpOnly'], passwords: ['hunter2', 'hunter3'] })).toEqual({
      'set-cookie': ['[redacted]'],
      passwords: ['[redacted]', '[redacted]'],
    });
  });

  it('walks nested objects and arrays, and errors', () => {
    const out = redact({ user: { email: 'a@b.io', name: 'Ada' }, seen: ['c@d.io', { note: API_KEY }], count: 2 });
    expect(out).toEqual({ user: { email: '[email]', name: 'Ada' }, seen: ['[email]', { note: '[token]' }], count: 2 });
    const err = redact(new Error('no user a@b.io')) as { name: string; message: string; stack: string };
    expect(err.name).toBe('Error');
    expect(err.message).toBe('no user [email]');
    expect(err.stack).not.toContain('a@b.io');
  });
});

describe('createLogger', () => {
  const capture = (level: Parameters<typeof createLogger>[0]) => {
    const lines: string[] = [];
    return { lines, log: createLogger(level, (l) => lines.push(l)) };
  };

  it('writes one JSON object a line with time, level, message and fields', () => {
    const { lines, log } = capture('info');
    log.info('request', { method: 'GET', status: 200 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'request', method: 'GET', status: 200 });
    expect(new Date(entry.time as string).getTime()).not.toBeNaN();
    expect(entry).not.toHaveProperty('requestId');
  });

  it('drops lines below its level, and everything when silent', () => {
    const info = capture('warn');
    info.log.debug('d');
    info.log.info('i');
    info.log.warn('w');
    info.log.error('e');
    expect(info.lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.log.error('e');
    expect(silent.lines).toEqual([]);
  });

  it('adds the request id of the request being handled, across awaits', async () => {
    const { lines, log } = capture('debug');
    await requestScope.run({ requestId: 'req-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      log.info('inside');
    });
    log.info('outside');
    expect(lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string })).toEqual([
      expect.objectContaining({ msg: 'inside', requestId: 'req-1' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  it('redacts the message and the fields before writing', () => {
    const { lines, log } = capture('debug');
    log.error(`login failed for ada@example.com with ${API_KEY}`, {
      email: 'ada@example.com',
      password: 'pw',
      error: new Error(`bad ${SESSION_TOKEN}`),
    });
    const line = lines[0]!;
    for (const secret of ['ada@example.com', API_KEY, SESSION_TOKEN, '"pw"']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      msg: 'login failed for [email] with [token]',
      email: '[email]',
      password: '[redacted]',
      error: { message: 'bad [token]' },
    });
  });
});
