import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort } from './abort-fan-out.js';

describe('onAbort', () => {
  it('puts one listener on a signal however many callbacks share it, and removes it with the last', () => {
    const controller = new AbortController();
    const stops = Array.from({ length: 100 }, () => onAbort(controller.signal, () => undefined));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    for (const stop of stops.slice(1)) stop();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    stops[0]!();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('calls every callback still registered when the signal aborts, once each', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const callback = (n: number) => () => calls.push(n);
    onAbort(controller.signal, callback(1));
    const stopTwo = onAbort(controller.signal, callback(2));
    onAbort(controller.signal, callback(3));
    stopTwo();
    controller.abort();
    controller.abort();
    expect(calls).toEqual([1, 3]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('calls at once for a signal that has already aborted, and the same callback given twice stops once per call', () => {
    const calls: string[] = [];
    onAbort(AbortSignal.abort(), () => calls.push('late'));
    expect(calls).toEqual(['late']);

    const controller = new AbortController();
    const shared = () => calls.push('shared');
    const stopFirst = onAbort(controller.signal, shared);
    onAbort(controller.signal, shared);
    stopFirst();
    controller.abort();
    expect(calls).toEqual(['late', 'shared']);
  });

  it('starts afresh on a signal whose callbacks all stopped', () => {
    const controller = new AbortController();
    onAbort(controller.signal, () => undefined)();
    let called = false;
    onAbort(controller.signal, () => (called = true));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(called).toBe(true);
  });
});
