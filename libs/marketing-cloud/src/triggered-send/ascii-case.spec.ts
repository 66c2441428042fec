import { describe, expect, it } from 'vitest';
import { equalsIgnoringAsciiCase, isAscii, sameIgnoringAsciiCase } from './ascii-case.js';

describe('ASCII case-insensitive comparison of property names', () => {
  it('folds A-Z only, in either string', () => {
    expect(equalsIgnoringAsciiCase('SubscriberKey', 'subscriberkey')).toBe(true);
    expect(equalsIgnoringAsciiCase('SUBSCRIBERKEY', 'subscriberkey')).toBe(true);
    expect(sameIgnoringAsciiCase('Region', 'rEGION')).toBe(true);
    expect(sameIgnoringAsciiCase('Attr_1', 'ATTR_1')).toBe(true);
  });

  it('never matches a letter with a character whose Unicode case mapping is that letter', () => {
    // The Kelvin sign lower-cases to k; the long s and the dotless i upper-case to S and I.
    expect(equalsIgnoringAsciiCase('Subscriber\u212aey', 'subscriberkey')).toBe(false);
    expect(equalsIgnoringAsciiCase('\u017fubscriberkey', 'subscriberkey')).toBe(false);
    expect(sameIgnoringAsciiCase('c\u0131ty', 'CITY')).toBe(false);
    expect(sameIgnoringAsciiCase('\u00e9t\u00e9', '\u00c9T\u00c9')).toBe(false);
  });

  it('does not take the characters that differ from a letter by the case bit for letters (@ and `, [ and {)', () => {
    expect(sameIgnoringAsciiCase('a@', 'a`')).toBe(false);
    expect(sameIgnoringAsciiCase('[x', '{x')).toBe(false);
    expect(equalsIgnoringAsciiCase('@', '`')).toBe(false);
  });

  it('compares lengths first', () => {
    expect(equalsIgnoringAsciiCase('To', 'tox')).toBe(false);
    expect(sameIgnoringAsciiCase('To', 'T')).toBe(false);
    expect(sameIgnoringAsciiCase('', '')).toBe(true);
  });

  it('tells ASCII strings from the others', () => {
    expect(isAscii('Region_1 ~')).toBe(true);
    expect(isAscii('R\u00e9gion')).toBe(false);
    expect(isAscii('\u212a')).toBe(false);
  });
});
