import { performance } from 'node:perf_hooks';

/**
 * Where the emulator reads and waits for time: token lifetimes, the Queued -> Sent transition,
 * rate-limit windows, definition status history, delivery-record retention, and late answers (the
 * `delay` fault, `latencyMs`). Give a {@link ManualClock} so that a test moves time itself instead
 * of waiting for it, and never depends on the machine's speed.
 */
export interface EmulatorClock {
  /** Monotonic milliseconds; only differences matter. */
  now(): number;
  /** Calls `callback` once `ms` milliseconds have passed on this clock; the result cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

/** The real monotonic clock (`performance.now()`, `setTimeout`). */
export const SYSTEM_CLOCK: EmulatorClock = Object.freeze({
  now: () => performance.now(),
  schedule: (ms: number, callback: () => void) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
});

interface ScheduledCallback {
  readonly at: number;
  readonly callback: () => void;
}

/**
 * A clock that stands still until told to move: `advance(ms)` is "ms milliseconds later", and runs
 * (in time order) every callback that became due.
 */
export class ManualClock implements EmulatorClock {
  private current: number;
  private scheduled: ScheduledCallback[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, callback: () => void): () => void {
    const entry: ScheduledCallback = { at: this.current + Math.max(0, ms), callback };
    this.scheduled.push(entry);
    return () => {
      this.scheduled = this.scheduled.filter((candidate) => candidate !== entry);
    };
  }

  /** Callbacks scheduled and not yet run (late answers still held, for instance). */
  get pending(): number {
    return this.scheduled.length;
  }

  /** Moves time forward (never back: a monotonic clock does not) and runs what became due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs a duration >= 0, got ${ms}`);
    const target = this.current + ms;
    for (;;) {
      let due: ScheduledCallback | undefined;
      for (const entry of this.scheduled) {
        if (entry.at <= target && (due === undefined || entry.at < due.at)) due = entry;
      }
      if (!due) break;
      this.scheduled = this.scheduled.filter((entry) => entry !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
  }
}
