/**
 * Where the module reads monotonic time: when a token's `expires_in` runs out, when it is renewed
 * (the refresh margin), and when a failed renewal may be tried again. Timeouts, backoff and the
 * shutdown grace period still run on Node's timers.
 */
export interface MarketingCloudClock {
  /** Monotonic milliseconds; only differences matter. */
  now(): number;
}

/** The real monotonic clock (`performance.now()`): a wall-clock change neither expires nor extends a token. */
export const SYSTEM_MONOTONIC_CLOCK: MarketingCloudClock = Object.freeze({
  now: () => performance.now(),
});

export function isMarketingCloudClock(value: unknown): value is MarketingCloudClock {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { now?: unknown }).now === 'function'
  );
}
