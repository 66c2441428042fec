import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('runs scheduled callbacks when advance() reaches them, in time order, with now() at their time', () => {
    const clock = new ManualClock(10);
    const seen: string[] = [];
    clock.schedule(30, () => seen.push(`b@${clock.now()}`));
    clock.schedule(20, () => seen.push(`a@${clock.now()}`));
    const cancel = clock.schedule(25, () => seen.push('cancelled'));
    cancel();
    expect(clock.pending).toBe(2);

    clock.advance(19);
    expect(seen).toEqual([]);
    clock.advance(100);
    expect(seen).toEqual(['a@30', 'b@40']);
    expect(clock.now()).toBe(129);
    expect(clock.pending).toBe(0);
  });

  it('refuses to go back in time', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });
});
