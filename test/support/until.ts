/**
 * Resolves once `condition()` holds, checking after each turn of the event loop; rejects after
 * `limitMs` with `what` in the message. For waiting on an observable fact (a request reached the
 * emulator), never on time passing.
 */
export async function until(
  condition: () => boolean,
  what: string,
  limitMs = 5_000,
): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
