/** Why a call did not get a slot. */
export type SlotRefusalReason = 'queue-full' | 'wait-timeout' | 'aborted';

/** Rejection of `acquire`: the call never got a slot, so nothing was sent. */
export class SlotRefused extends Error {
  constructor(readonly reason: SlotRefusalReason) {
    super(`No slot: ${reason}`);
  }
}

interface Waiter {
  readonly grant: () => void;
}

/**
 * At most `limit` holders at once; at most `maxWaiting` others wait, in arrival order. A waiter
 * whose signal fires or whose wait exceeds its timeout leaves the queue at once (O(1): the queue is
 * an insertion-ordered Set).
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting = new Set<Waiter>();

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Calls waiting for a slot now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /**
   * Resolves when a slot is free; rejects with SlotRefused when the queue is full, when `timeoutMs`
   * passes first, or when `signal` fires first. Call release() after a successful acquire.
   */
  acquire(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    if (signal?.aborted) return Promise.reject(new SlotRefused('aborted'));
    if (this.running < this.limit) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.size >= this.maxWaiting) return Promise.reject(new SlotRefused('queue-full'));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (reason: SlotRefusalReason): void => {
        if (!this.waiting.delete(waiter)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(new SlotRefused(reason));
      };
      const onAbort = (): void => leave('aborted');
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.running += 1;
          resolve();
        },
      };
      this.waiting.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => leave('wait-timeout'), timeoutMs);
    });
  }

  release(): void {
    this.running -= 1;
    const next = this.waiting.values().next();
    if (next.done) return;
    this.waiting.delete(next.value);
    next.value.grant();
  }
}
