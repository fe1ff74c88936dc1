import { describe, expect, it } from 'vitest';
import { sessionChange, sessionOf } from './auth-session.ts';

const person = { kind: 'user' as const, userId: 'u1', name: 'Dev Eloper', email: 'dev@example.com' };
const signedIn = (identity: typeof person | { kind: 'apiKey'; userId: null; name: null; email: null }) => ({ kind: 'signedIn', serverUrl: 'http://127.0.0.1:3000', identity });

describe('sessionOf', () => {
  it('is the signed-in person on this server, with the connection token', () => {
    expect(sessionOf(signedIn(person), 'tok')).toEqual({
      id: 'http://127.0.0.1:3000#u1',
      accessToken: 'tok',
      account: { id: 'u1', label: 'Dev Eloper (127.0.0.1:3000)' },
      scopes: [],
    });
  });
  it('names an API key as a key, not as a person', () => {
    const s = sessionOf(signedIn({ kind: 'apiKey', userId: null, name: null, email: null }), 'bat_x');
    expect(s?.account).toEqual({ id: 'apiKey@http://127.0.0.1:3000', label: 'API key (127.0.0.1:3000)' });
  });
  it('is none while signed out, connecting or failed', () => {
    expect(sessionOf({ kind: 'signedOut' }, undefined)).toBeUndefined();
    expect(sessionOf({ kind: 'failed', serverUrl: 'http://x' }, 'tok')).toBeUndefined();
    expect(sessionOf({ kind: 'connecting' }, 'tok')).toBeUndefined();
  });
});

describe('sessionChange', () => {
  const a = sessionOf(signedIn(person), 'tok')!;
  it('reports a sign-in as added, a sign-out as removed, another account as both', () => {
    expect(sessionChange(undefined, a)).toEqual({ added: [a], removed: [], changed: [] });
    expect(sessionChange(a, undefined)).toEqual({ added: [], removed: [a], changed: [] });
    const key = sessionOf(signedIn({ kind: 'apiKey', userId: null, name: null, email: null }), 'bat_x')!;
    expect(sessionChange(a, key)).toEqual({ added: [key], removed: [a], changed: [] });
  });
  it('reports a new token for the same account as changed, and nothing when nothing changed', () => {
    const b = { ...a, accessToken: 'tok2' };
    expect(sessionChange(a, b)).toEqual({ added: [], removed: [], changed: [b] });
    expect(sessionChange(a, { ...a })).toBeUndefined();
    expect(sessionChange(undefined, undefined)).toBeUndefined();
  });
});
