import { describe, expect, it } from 'vitest';
import { childPath, displayKey, MAX_DISPLAYED_KEY_LENGTH } from './property-path.js';

describe('displayKey and childPath: how violations name a key', () => {
  it('shows a plain key as it is, spaces, dots and non-ASCII letters included', () => {
    for (const key of ['Address', 'First Name', 'a.b', 'ключ', '鍵', '🙂']) {
      expect(displayKey(key)).toBe(key);
    }
    expect(childPath('To', 'Address')).toBe('To.Address');
    expect(childPath('', 'To')).toBe('To');
  });

  it('quotes a key holding invisible or line-breaking characters, each escaped, on one line', () => {
    expect(displayKey('To\u200b')).toBe('["To\\u200b"]');
    expect(displayKey('a\nERROR forged')).toBe('["a\\u000aERROR forged"]');
    expect(displayKey('a\u2028b\u2029c\u200fd\ufeff')).toBe('["a\\u2028b\\u2029c\\u200fd\\ufeff"]');
    expect(displayKey('say "hi"\u0000')).toBe('["say \\"hi\\"\\u0000"]');
    expect(displayKey('\ud800')).toBe('["\\ud800"]');
  });

  it('quotes a blank key at the top only (as before: nested blank keys stay as they are)', () => {
    expect(childPath('', '')).toBe('[""]');
    expect(childPath('', '   ')).toBe('["   "]');
    expect(childPath('To', ' ')).toBe('To. ');
  });

  it(`cuts a key to ${MAX_DISPLAYED_KEY_LENGTH} characters, escapes counted, then …`, () => {
    expect(displayKey('x'.repeat(1_000_000))).toBe(`${'x'.repeat(32)}…`);
    const shown = displayKey('\u200b'.repeat(1000));
    expect(shown).toBe(`["${'\\u200b'.repeat(5)}…"]`);
    expect(shown.length).toBeLessThanOrEqual(MAX_DISPLAYED_KEY_LENGTH + 5);
  });
});
