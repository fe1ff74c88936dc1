import { describe, expect, it } from 'vitest';
import { SaveQueue } from './save-queue';

describe('SaveQueue', () => {
  it('starts a save only after the previous one of the same item ended, with the version it produced', async () => {
    const queue = new SaveQueue();
    const first = await queue.turn('a', 3);
    expect(first.version).toBe(3);
    let secondVersion: number | null = null;
    const second = queue.turn('a', 3).then((t) => ((secondVersion = t.version), t));
    await Promise.resolve();
    expect(secondVersion).toBeNull();
    expect(queue.pending('a')).toBe(2);
    first.done(4);
    (await second).done(5);
    expect(secondVersion).toBe(4);
    expect(queue.pending('a')).toBe(0);
  });

  it('keeps the version the page shows when it is newer, and the last one after a refused save', async () => {
    const queue = new SaveQueue();
    (await queue.turn('a', 1)).done(2);
    expect((await queue.turn('a', 7)).version).toBe(7);
    const refused = await queue.turn('b', 4);
    refused.done(null);
    expect((await queue.turn('b', 4)).version).toBe(4);
  });

  it('does not hold other items back', async () => {
    const queue = new SaveQueue();
    await queue.turn('a', 1);
    const other = await queue.turn('b', 9);
    expect(other.version).toBe(9);
  });
});
