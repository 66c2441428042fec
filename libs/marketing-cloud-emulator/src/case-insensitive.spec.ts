import { describe, expect, it } from 'vitest';
import { getProperty, isPlainObject } from './case-insensitive.js';

describe('getProperty', () => {
  it('prefers the exact name, then falls back to a case-insensitive match', () => {
    expect(getProperty({ Options: 1, OPTIONS: 2 }, 'Options')).toBe(1);
    expect(getProperty({ OPTIONS: 2 }, 'Options')).toBe(2);
    expect(getProperty({ other: 3 }, 'Options')).toBeUndefined();
  });

  it('reads nothing from non-objects and never walks the prototype chain', () => {
    expect(getProperty(null, 'To')).toBeUndefined();
    expect(getProperty(['To'], '0')).toBeUndefined();
    expect(getProperty({}, 'constructor')).toBeUndefined();
    expect(getProperty({}, '__proto__')).toBeUndefined();
  });

  it('isPlainObject accepts objects only', () => {
    expect([{}, [], null, 'x', 1].map(isPlainObject)).toEqual([true, false, false, false, false]);
  });
});
