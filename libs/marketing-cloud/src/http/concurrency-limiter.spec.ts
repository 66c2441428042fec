import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('lets `limit` holders through and the rest in arrival order as slots free up', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    await tick();
    expect(order).toEqual([]);
    limiter.release();
    await tick();
    expect(order).toEqual([3]);
    limiter.release();
    await Promise.all([third, fourth]);
    expect(order).toEqual([3, 4]);
  });

  it("drops a waiter whose signal fires, with the signal's reason, and does not leak its slot", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    limiter.release();
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses at once when the signal has already fired', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.acquire(AbortSignal.abort(new Error('too late')))).rejects.toThrow(
      'too late',
    );
  });
});
