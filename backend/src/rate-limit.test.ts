import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

/** A limiter on a clock the test moves by hand. */
function limiter(limit: number, windowMs = 60_000) {
  let now = 1_000_000;
  const l = createRateLimiter({ limit, windowMs, now: () => now });
  return { take: (key = 'ip') => l.take(key), advance: (ms: number) => (now += ms) };
}

describe('fixed-window rate limiter', () => {
  it('allows `limit` hits in a window, then answers the seconds until it resets', () => {
    const l = limiter(3);
    expect([l.take(), l.take(), l.take()]).toEqual([null, null, null]);
    expect(l.take()).toBe(60);
    l.advance(45_500);
    expect(l.take()).toBe(15); // 14.5 s left, rounded up: never tells a client to come back too early
    l.advance(14_499);
    expect(l.take()).toBe(1);
  });

  it('opens a fresh window once the old one has passed', () => {
    const l = limiter(2);
    l.take();
    l.take();
    expect(l.take()).not.toBeNull();
    l.advance(60_000);
    expect([l.take(), l.take()]).toEqual([null, null]);
    expect(l.take()).toBe(60);
  });

  it('ends the window on time however many attempts were refused in it', () => {
    const l = limiter(1);
    l.take();
    for (let i = 0; i < 10; i++) l.take();
    l.advance(59_999);
    expect(l.take()).toBe(1);
    l.advance(1);
    expect(l.take()).toBeNull();
  });

  it('counts each key on its own', () => {
    const l = limiter(1);
    expect(l.take('203.0.113.1')).toBeNull();
    expect(l.take('203.0.113.1')).not.toBeNull();
    expect(l.take('203.0.113.2')).toBeNull();
  });

  it('honours windows other than a minute', () => {
    const l = limiter(1, 10_000);
    l.take();
    expect(l.take()).toBe(10);
    l.advance(10_000);
    expect(l.take()).toBeNull();
  });
});
