/**
 * One `abort` listener per signal, however many calls share it. A signal passed to 50 concurrent
 * sends would otherwise carry 50 listeners (Node warns past 10: MaxListenersExceededWarning), and an
 * app-wide signal would keep one per call in progress.
 */
interface FanOut {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const fanOuts = new WeakMap<AbortSignal, FanOut>();

/**
 * Runs `callback` when `signal` aborts (at once if it already has). Returns the function that stops
 * listening; the signal's own listener goes when its last callback does.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let fanOut = fanOuts.get(signal);
  if (fanOut === undefined) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      fanOuts.delete(signal);
      for (const each of callbacks) each();
      callbacks.clear();
    };
    fanOut = { callbacks, listener };
    fanOuts.set(signal, fanOut);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { callbacks, listener } = fanOut;
  // A fresh function per registration, so the same callback given twice is removed once per call.
  const entry = (): void => callback();
  callbacks.add(entry);
  return () => {
    if (!callbacks.delete(entry) || callbacks.size > 0) return;
    signal.removeEventListener('abort', listener);
    if (fanOuts.get(signal)?.callbacks === callbacks) fanOuts.delete(signal);
  };
}
