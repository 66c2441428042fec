import type { ManualClock } from 'marketing-cloud-emulator';
import { vi } from 'vitest';

/**
 * Waits for something that WILL happen (a request reaching the emulator, a log line), polling.
 * The long deadline only ends a broken test; a working one goes on as soon as it happens, so no
 * test depends on the machine's speed.
 */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 5 });
}

/** Waits until the emulator holds `count` late answers on `clock` (each request then arrived). */
export function untilHeld(clock: ManualClock, count: number): Promise<void> {
  return eventually(() => {
    if (clock.pending !== count) throw new Error(`${clock.pending} answers held, not ${count}`);
  });
}
