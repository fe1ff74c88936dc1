import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp, compileTrustProxy, isLoopback, pathOf, requestProtocol, TRUST_LOOPBACK } from './client-address.ts';

const req = (remoteAddress: string, headers: Record<string, string> = {}, url = '/'): IncomingMessage =>
  ({ socket: { remoteAddress }, headers, url }) as unknown as IncomingMessage;

describe('client address behind a loopback proxy', () => {
  it('knows loopback addresses, IPv4-mapped included, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });

  it('trusts no hop by default: X-Forwarded-* is ignored even from this machine', () => {
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }))).toBe('127.0.0.1');
    expect(requestProtocol(req('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe('http');
  });

  it('takes X-Forwarded-For only from a proxy on this machine', () => {
    expect(clientIp(req('203.0.113.9', { 'x-forwarded-for': '198.51.100.1' }), TRUST_LOOPBACK)).toBe('203.0.113.9');
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), TRUST_LOOPBACK)).toBe('198.51.100.1');
    // a client cannot hide behind an address it wrote itself: the nearest untrusted hop wins
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 198.51.100.1' }), TRUST_LOOPBACK)).toBe('198.51.100.1');
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 127.0.0.1' }), TRUST_LOOPBACK)).toBe('198.51.100.1');
    expect(clientIp(req('::1'), TRUST_LOOPBACK)).toBe('::1');
  });

  it('takes X-Forwarded-Proto only from a proxy on this machine', () => {
    expect(requestProtocol(req('127.0.0.1', { 'x-forwarded-proto': 'https, http' }), TRUST_LOOPBACK)).toBe('https');
    expect(requestProtocol(req('203.0.113.9', { 'x-forwarded-proto': 'https' }), TRUST_LOOPBACK)).toBe('http');
    expect(requestProtocol(req('127.0.0.1'), TRUST_LOOPBACK)).toBe('http');
  });

  it('reads the path without the query', () => {
    expect(pathOf(req('127.0.0.1', {}, '/trpc/public.vote?batch=1'))).toBe('/trpc/public.vote');
  });
});

describe('TRUST_PROXY', () => {
  it('off ignores X-Forwarded-* even from this machine', () => {
    const off = compileTrustProxy('off');
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), off)).toBe('127.0.0.1');
    expect(requestProtocol(req('127.0.0.1', { 'x-forwarded-proto': 'https' }), off)).toBe('http');
  });

  it('a list of proxies and ranges trusts exactly those hops, walking from the socket', () => {
    const list = compileTrustProxy('10.0.0.0/8, 192.168.1.7');
    // a load balancer at 10.1.1.1 in front of a proxy at 192.168.1.7: the visitor is the first untrusted hop
    expect(clientIp(req('192.168.1.7', { 'x-forwarded-for': '198.51.100.1, 10.1.1.1' }), list)).toBe('198.51.100.1');
    // a client that wrote its own header cannot move past an untrusted hop
    expect(clientIp(req('192.168.1.7', { 'x-forwarded-for': '10.9.9.9, 203.0.113.5' }), list)).toBe('203.0.113.5');
    // loopback is not in this list: a local caller is itself
    expect(clientIp(req('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), list)).toBe('127.0.0.1');
    expect(requestProtocol(req('192.168.1.7', { 'x-forwarded-proto': 'https' }), list)).toBe('https');
  });

  it('loopback is the default, and a bad value is refused naming it', () => {
    expect(clientIp(req('::1', { 'x-forwarded-for': '198.51.100.1' }), compileTrustProxy('loopback'))).toBe('198.51.100.1');
    expect(() => compileTrustProxy('not-an-address')).toThrow(/TRUST_PROXY: .*not-an-address/);
    expect(() => compileTrustProxy(' , ')).toThrow(/TRUST_PROXY/);
  });
});
