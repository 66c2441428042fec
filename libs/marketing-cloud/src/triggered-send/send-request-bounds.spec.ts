import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manyKeys } from '../../../../test/support/hostile-payloads.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { JSON_BODY_BOUNDS, jsonBodyBoundsError } from './json-text-bounds.js';
import { validateAll } from './validate-call.js';
import { validateSendRequest } from './validate-send-request.js';
import { MAX_LISTED_VIOLATIONS, MORE_VIOLATIONS_RULE } from './violation-list.js';

/**
 * Bounded work per request: a refusal is small whatever the input (at most 20 violations and a
 * count of the rest; its JSON under 8 KiB), and objects too large are refused before their keys
 * are read. Times are printed, not asserted (they depend on the machine); sizes are asserted.
 */

const ATTRIBUTES_PATH = 'To.ContactAttributes.SubscriberAttributes';
const TO = { Address: 'example@example.com', SubscriberKey: 'k' };
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_126);

function refusal(run: () => unknown): MarketingCloudValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MarketingCloudValidationError);
  return thrown as MarketingCloudValidationError;
}

/** The bytes of the 400 the exception filter would answer with. */
function answerBytes(error: MarketingCloudValidationError): number {
  return Buffer.byteLength(
    JSON.stringify({
      statusCode: 400,
      error: error.name,
      message: error.message,
      errorCode: null,
      violations: error.violations,
    }),
  );
}

function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  process.stdout.write(`bounds: ${what} in ${(performance.now() - started).toFixed(1)} ms\n`);
  return result;
}

describe('validateSendRequest: bounded work and a small refusal, whatever the input', () => {
  it('refuses 170,000 unknown top-level keys with one violation, before reading them', () => {
    const input = { To: TO, ...manyKeys(170_000, 'k') };
    const error = timed('170,000 unknown keys refused', () =>
      refusal(() => validateSendRequest(input)),
    );
    expect(error.violations).toEqual([
      {
        path: 'request',
        rule: 'maxProperties',
        message: 'request must have at most 200 properties',
      },
    ]);
    expect(answerBytes(error)).toBeLessThan(8 * 1024);
  });

  it('refuses 100,000 SubscriberAttributes with one violation, before reading them', () => {
    const input = {
      To: { ...TO, ContactAttributes: { SubscriberAttributes: manyKeys(100_000, 'a') } },
    };
    const error = timed('100,000 attributes refused', () =>
      refusal(() => validateSendRequest(input)),
    );
    expect(error.violations).toEqual([
      {
        path: ATTRIBUTES_PATH,
        rule: 'isSubscriberAttributes',
        message: `${ATTRIBUTES_PATH} must hold at most 200 attributes`,
      },
    ]);
  });

  it(`lists ${MAX_LISTED_VIOLATIONS} violations and counts the rest in one last entry`, () => {
    const error = refusal(() => validateSendRequest({ To: TO, ...manyKeys(150, 'k') }));
    expect(error.violations).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(error.violations.slice(0, 2).map((violation) => violation.message)).toEqual([
      'k100000 is not a known property',
      'k100001 is not a known property',
    ]);
    expect(error.violations.at(-1)).toEqual({
      path: 'request',
      rule: MORE_VIOLATIONS_RULE,
      message: 'request has 130 more violations, not listed',
    });
    expect(error.message).toContain('request has 130 more violations, not listed');
  });

  it('shows a 1 MB key cut short in the path', () => {
    const key = 'x'.repeat(1_000_000);
    const error = refusal(() => validateSendRequest({ To: TO, [key]: 1 }));
    expect(error.violations).toEqual([
      {
        path: `${'x'.repeat(32)}…`,
        rule: 'whitelistValidation',
        message: `${'x'.repeat(32)}… is not a known property`,
      },
    ]);
  });

  it('keeps every refusal under 8 KiB, for 1,000 bodies of long, invisible and non-ASCII keys at every level', () => {
    const hostileKey = fc.oneof(
      fc.string({ unit: 'binary', minLength: 30, maxLength: 400 }),
      fc.string({
        unit: fc.constantFrom('\u200b', '\u2028', '鍵', '"', '\\', '\n'),
        minLength: 30,
        maxLength: 300,
      }),
    );
    const keys = fc.uniqueArray(hostileKey, { minLength: 1, maxLength: 200 });
    let largest = 0;
    fc.assert(
      fc.property(keys, keys, keys, fc.boolean(), (top, inTo, attributes, duplicates) => {
        const attributeMap: Record<string, unknown> = {};
        for (const name of attributes) {
          attributeMap[name] = { not: 'a scalar' };
          if (duplicates) attributeMap[name.toUpperCase()] = 1;
        }
        const input: Record<string, unknown> = {
          To: {
            ...TO,
            ...Object.fromEntries(inTo.map((key) => [key, 1])),
            ContactAttributes: { SubscriberAttributes: attributeMap },
          },
        };
        for (const key of top) Object.defineProperty(input, key, { value: 1, enumerable: true });
        const error = refusal(() => validateSendRequest(input));
        expect(error.violations.length).toBeLessThanOrEqual(MAX_LISTED_VIOLATIONS + 1);
        largest = Math.max(largest, answerBytes(error));
        expect(answerBytes(error)).toBeLessThan(8 * 1024);
      }),
      { numRuns: 1000, seed: SEED },
    );
    process.stdout.write(`bounds: largest refusal of 1,000 hostile bodies: ${largest} bytes\n`);
  });
});

describe('validateAll: merging lists never spreads them', () => {
  it('merges a 200,000-violation list without a RangeError, capped', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => ({
      path: `k${i}`,
      rule: 'whitelistValidation',
      message: `k${i} is not a known property`,
    }));
    const error = refusal(() =>
      validateAll(
        'send request',
        () => {
          throw new MarketingCloudValidationError('many', huge);
        },
        () => validateSendRequest({ To: TO, A: 1 }),
      ),
    );
    expect(error.violations).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(error.violations.at(-1)!.message).toBe(
      `request has ${200_000 - MAX_LISTED_VIOLATIONS + 1} more violations, not listed`,
    );
  });

  it('keeps the count of a list already capped', () => {
    const error = refusal(() =>
      validateAll(
        'send request',
        () => validateSendRequest({ To: TO, ...manyKeys(150, 'k') }),
        () => validateSendRequest({ To: TO, ...manyKeys(30, 'j') }),
      ),
    );
    expect(error.violations).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(error.violations.at(-1)!.message).toBe('request has 160 more violations, not listed');
  });
});

const violationsOf = (text: string) => jsonBodyBoundsError(Buffer.from(text))?.violations;

describe('jsonBodyBoundsError: bounds on the text, before JSON.parse', () => {
  it('passes the documented body and a legitimate 800 kB body (200 attributes of 4000 characters)', () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`Attribute${i}`, 'v'.repeat(4000)]),
    );
    expect(
      violationsOf(
        JSON.stringify({ To: { ...TO, ContactAttributes: { SubscriberAttributes: attributes } } }),
      ),
    ).toBeUndefined();
    expect(violationsOf('{"To":{"Address":"a@b.c","SubscriberKey":"k"}}')).toBeUndefined();
  });

  it('refuses 170,000 top-level keys, at "request"', () => {
    const text = JSON.stringify({ To: TO, ...manyKeys(170_000, 'k') });
    expect(text.length).toBeLessThan(2 * 1024 * 1024);
    const violations = timed('2 MB of 170,000 keys scanned', () => violationsOf(text));
    expect(violations).toEqual([
      {
        path: 'request',
        rule: 'maxProperties',
        message: 'request must have at most 200 properties',
      },
    ]);
  });

  it('refuses 100,000 attributes as the service does, whatever the casing of the path', () => {
    const text = JSON.stringify({
      to: { ...TO, CONTACTATTRIBUTES: { SubscriberAttributes: manyKeys(100_000, 'a') } },
    });
    expect(violationsOf(text)).toEqual([
      {
        path: 'to.CONTACTATTRIBUTES.SubscriberAttributes',
        rule: 'isSubscriberAttributes',
        message: 'to.CONTACTATTRIBUTES.SubscriberAttributes must hold at most 200 attributes',
      },
    ]);
  });

  it('refuses a long array and too many members in all, naming where', () => {
    expect(
      violationsOf(JSON.stringify({ To: TO, Items: Array.from({ length: 10_001 }, () => 0) })),
    ).toEqual([
      {
        path: 'Items',
        rule: 'maxElements',
        message: `Items must have at most ${JSON_BODY_BOUNDS.elementsPerArray} elements`,
      },
    ]);
    expect(
      violationsOf(JSON.stringify([{ a: [0, 0, 0] }, Array.from({ length: 10_001 }, () => 0)])),
    ).toEqual([
      {
        path: '[1]',
        rule: 'maxElements',
        message: `[1] must have at most ${JSON_BODY_BOUNDS.elementsPerArray} elements`,
      },
    ]);
    const spread = Array.from({ length: 200 }, () => manyKeys(150, 'k'));
    expect(violationsOf(JSON.stringify({ To: TO, Many: spread }))).toEqual([
      {
        path: 'request',
        rule: 'maxMembers',
        message: `request must hold at most ${JSON_BODY_BOUNDS.members} properties and array elements in all`,
      },
    ]);
  });

  it('is not fooled by braces, colons, commas and escaped quotes inside strings', () => {
    const tricky = '{\\"a\\":1,}[:,'.repeat(1000);
    expect(
      violationsOf(
        JSON.stringify({ To: { ...TO, SubscriberKey: tricky }, [tricky.slice(0, 40)]: tricky }),
      ),
    ).toBeUndefined();
  });

  it('names a nested object by its keys, escaped and cut as paths are', () => {
    const text = `{"To":{"ContactAttributes":{"Sub\\u2028":${JSON.stringify(manyKeys(201, 'a'))}}}}`;
    expect(violationsOf(text)).toEqual([
      {
        path: 'To.ContactAttributes.["Sub\\u2028"]',
        rule: 'maxProperties',
        message: 'To.ContactAttributes.["Sub\\u2028"] must have at most 200 properties',
      },
    ]);
  });
});
