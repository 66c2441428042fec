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
 * an insertion-ordered Set). Calls parked between two attempts (a retry's backoff or Retry-After)
 * count against the same `maxWaiting`: they are waiting too, only not yet in line.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private parked = 0;
  private readonly waiting = new Set<Waiter>();

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Calls waiting for a slot now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Calls parked between two attempts now. */
  get parkedCount(): number {
    return this.parked;
  }

  /**
   * Takes a place for a call that sleeps before its next attempt; returns the function that gives
   * it back (call it once, when the sleep ends), or undefined when `maxWaiting` calls already wait.
   */
  park(): (() => void) | undefined {
    if (this.waiting.size + this.parked >= this.maxWaiting) return undefined;
    this.parked += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.parked -= 1;
    };
  }

  /**
   * Takes a free slot at once, without a promise: true when it did (call release() after), false
   * when the call must wait (then acquire()). Nobody is overtaken: a free slot with calls waiting
   * would already have gone to the first of them.
   */
  tryAcquire(): boolean {
    if (this.running >= this.limit) return false;
    this.running += 1;
    return true;
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
    if (this.waiting.size + this.parked >= this.maxWaiting) {
      return Promise.reject(new SlotRefused('queue-full'));
    }
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
