import { describe, expect, it } from 'vitest';
import { chunksOf, forEachBounded } from './send-batch.js';

describe('chunksOf', () => {
  it('cuts consecutive slices, the last one shorter', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([1, 2], 50)).toEqual([[1, 2]]);
    expect(chunksOf([], 50)).toEqual([]);
  });
});

describe('forEachBounded', () => {
  it('runs every item once with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const releases: (() => void)[] = [];
    const done = forEachBounded([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      seen.push(item);
      inFlight -= 1;
    });
    // Release one waiting item at a time, as soon as one is waiting: no timing involved.
    while (seen.length < 7) {
      await Promise.resolve();
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(most).toBe(3);
    expect(seen.toSorted((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
