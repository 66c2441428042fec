import { describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, SlotRefused } from './concurrency-limiter.js';

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

  it('tryAcquire takes a free slot synchronously, and refuses (taking nothing) when none is free', async () => {
    const limiter = new ConcurrencyLimiter(2);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    const order: string[] = [];
    const waiter = limiter.acquire().then(() => order.push('waiter'));
    limiter.release();
    // The freed slot went to the waiter, not to a later tryAcquire.
    expect(limiter.tryAcquire()).toBe(false);
    await waiter;
    expect(order).toEqual(['waiter']);
    limiter.release();
    limiter.release();
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('drops a waiter whose signal fires, as aborted, and does not leak its slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toEqual(new SlotRefused('aborted'));
    expect(limiter.waitingCount).toBe(1);
    limiter.release();
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses at once when the signal has already fired', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.acquire(AbortSignal.abort(new Error('too late')))).rejects.toMatchObject({
      reason: 'aborted',
    });
  });

  it('refuses at once, as queue-full, beyond maxWaiting waiters, and takes new ones once there is room', async () => {
    const limiter = new ConcurrencyLimiter(1, 2);
    await limiter.acquire();
    const waiters = [limiter.acquire(), limiter.acquire()];
    await expect(limiter.acquire()).rejects.toMatchObject({ reason: 'queue-full' });
    limiter.release();
    await waiters[0];
    const third = limiter.acquire();
    expect(limiter.waitingCount).toBe(2);
    limiter.release();
    limiter.release();
    await Promise.all([waiters[1], third]);
  });

  it('gives up a wait after its timeout, as wait-timeout, and hands the slot to the next waiter', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new ConcurrencyLimiter(1);
      await limiter.acquire();
      const patient = limiter.acquire(undefined, 10_000);
      const hasty = limiter.acquire(undefined, 100);
      const hastyOutcome = hasty.catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      expect(await hastyOutcome).toEqual(new SlotRefused('wait-timeout'));
      expect(limiter.waitingCount).toBe(1);
      limiter.release();
      await expect(patient).resolves.toBeUndefined();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
