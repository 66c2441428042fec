import { describe, expect, it } from 'vitest';
import { chunksBySize, forEachBounded } from './send-batch.js';

/** The items of each chunk. */
const itemsOf = (chunks: { items: unknown[] }[]) => chunks.map((chunk) => chunk.items);

describe('chunksBySize', () => {
  it('cuts consecutive slices of at most maxCount, the last one shorter', () => {
    expect(itemsOf(chunksBySize([1, 2, 3, 4, 5], 2, 1_000))).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksBySize([1, 2, 3], 2, 1_000).map((chunk) => chunk.first)).toEqual([0, 2]);
    expect(itemsOf(chunksBySize([1, 2], 50, 1_000))).toEqual([[1, 2]]);
    expect(chunksBySize([], 50, 1_000)).toEqual([]);
  });

  it('keeps each chunk JSON text within maxBytes, counting brackets, commas and UTF-8 bytes', () => {
    // "é" is 2 bytes: each item is `"éééé"` = 10 bytes; [a,b] = 2 + 10 + 1 + 10 = 23 bytes.
    const items = ['éééé', 'éééé', 'éééé'];
    const chunks = chunksBySize(items, 50, 23);
    expect(itemsOf(chunks)).toEqual([['éééé', 'éééé'], ['éééé']]);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify(chunk.items))).toBeLessThanOrEqual(23);
    }
    expect(itemsOf(chunksBySize(items, 50, 22))).toEqual([['éééé'], ['éééé'], ['éééé']]);
  });

  it('gives an item too large on its own a chunk of its own', () => {
    const chunks = chunksBySize(['a', 'x'.repeat(100), 'b', 'c'], 50, 20);
    expect(itemsOf(chunks)).toEqual([['a'], ['x'.repeat(100)], ['b', 'c']]);
    expect(chunks.map((chunk) => chunk.first)).toEqual([0, 1, 2]);
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
