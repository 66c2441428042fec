import { isEmail } from 'class-validator';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommonEmailAddress, isEmailAddress } from './common-email-address.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_201);

/** Characters of addresses, of the common form and just outside it (validator.js decides those). */
const ADDRESS_CHARACTER = fc.constantFrom(
  ...'aZ09_+-.@.@-',
  ...'!#$%&\'*/=?^`{|}~"\\ (),:;<>[]',
  'é',
  'ü',
  '\u00a0',
  '\uff21',
  '\u0000',
  '😀',
);
const anyAddress = fc.string({ unit: ADDRESS_CHARACTER, maxLength: 40 });
const commonCharacters = (unit: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...unit), minLength: min, maxLength: max });
/** Mostly of the common form, with lengths around each limit (64 local, 63 label, 254 in all). */
const commonLike = fc
  .tuple(
    fc.array(commonCharacters('aZ9_+-', 1, 70), { minLength: 1, maxLength: 3 }),
    fc.array(commonCharacters('aZ9-', 0, 66), { minLength: 1, maxLength: 4 }),
    fc.oneof(commonCharacters('aZ', 0, 4), commonCharacters('aZ9-', 1, 4)),
  )
  .map(([local, labels, tld]) => `${local.join('.')}@${[...labels, tld].join('.')}`);

describe('isCommonEmailAddress: the common form, answered without validator.js', () => {
  it('accepts the documented addresses and the usual forms', () => {
    const addresses = [
      'example@example.com',
      'code@exacttarget.com',
      'first.last+tag@mail.example.co.uk',
      'a_b-c@x-1.example.org',
      `${'a'.repeat(64)}@example.com`,
      `a@${'b'.repeat(63)}.com`,
      '1@2.io',
      'a@xn--bcher-kva.example',
    ];
    expect(addresses.filter((address) => !isCommonEmailAddress(address))).toEqual([]);
    expect(addresses.filter((address) => !isEmail(address))).toEqual([]);
  });

  it('leaves every other form to validator.js, which decides it', () => {
    const addresses = [
      '',
      '@example.com',
      'a@b',
      'a@b.c',
      'a@b.c0m',
      'a@-b.com',
      'a@b-.com',
      'a..b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a@b..com',
      'a@b.com.',
      `${'a'.repeat(65)}@example.com`,
      `a@${'b'.repeat(64)}.com`,
      `a@${'b.'.repeat(126)}com`,
      'a@b@example.com',
      'a b@example.com',
      "o'hara@example.com",
      'ü@example.com',
      'a@exämple.com',
      '"a b"@example.com',
      'a@[127.0.0.1]',
    ];
    expect(addresses.filter(isCommonEmailAddress)).toEqual([]);
    expect(addresses.map(isEmailAddress)).toEqual(addresses.map((address) => isEmail(address)));
    // Both kinds are among them: validator.js still accepts some, refuses others.
    expect(addresses.filter((address) => isEmail(address)).length).toBeGreaterThan(3);
  });

  it('never accepts what validator.js refuses (generated strings, both near and far from the form)', () => {
    let common = 0;
    fc.assert(
      fc.property(fc.oneof(anyAddress, { weight: 3, arbitrary: commonLike }), (address) => {
        const isCommon = isCommonEmailAddress(address);
        if (isCommon) common += 1;
        // Common implies valid; and isEmailAddress decides exactly as validator.js.
        expect({ address, valid: isEmail(address) || !isCommon }).toEqual({ address, valid: true });
        expect(isEmailAddress(address)).toBe(isEmail(address));
      }),
      { numRuns: 20_000, seed: SEED },
    );
    // The common form was met often enough for the property to mean something.
    expect(common).toBeGreaterThan(1_000);
  });
});
