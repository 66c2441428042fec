import { describe, expect, it } from 'vitest';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import {
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  MAX_EMAIL_LENGTH,
  MAX_SUBSCRIBER_KEY_LENGTH,
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
} from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';

/** Salesforce's documented example body (seed-messageDefinitionSends.md), asynchronous. */
const DOC_EXAMPLE_ASYNC = {
  From: {
    Address: 'code@exacttarget.com',
    Name: 'Code@',
  },
  To: {
    Address: 'example@example.com',
    SubscriberKey: 'example@example.com',
    ContactAttributes: {
      SubscriberAttributes: {
        Region: 'West',
        City: 'Indianapolis',
        State: 'IN',
      },
    },
  },
  Options: {
    RequestType: 'ASYNC',
  },
};

/** The same documented body, synchronous. */
const DOC_EXAMPLE_SYNC = { ...DOC_EXAMPLE_ASYNC, Options: { RequestType: 'SYNC' } };

const ATTRIBUTES_PATH = 'To.ContactAttributes.SubscriberAttributes';

type Pair = readonly [path: string, rule: string];

function minimal(): { To: Record<string, unknown> } & Record<string, unknown> {
  return { To: { Address: 'example@example.com', SubscriberKey: 'subscriber-1' } };
}

function withAttributes(attributes: unknown): Record<string, unknown> {
  return {
    To: { ...minimal().To, ContactAttributes: { SubscriberAttributes: attributes } },
  };
}

/** An address of exactly `length` characters that is otherwise a valid email address. */
function emailOfLength(length: number): string {
  const local = 'a'.repeat(64);
  const labels = ['b'.repeat(63), 'c'.repeat(63)];
  const fixed = local.length + 1 + labels.join('.').length + '.'.length + '.com'.length;
  const address = `${local}@${labels.join('.')}.${'d'.repeat(length - fixed)}.com`;
  expect(address).toHaveLength(length);
  return address;
}

function manyAttributes(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`Attribute${i}`, i]));
}

function validationErrorOf(input: unknown): MarketingCloudValidationError {
  let thrown: unknown;
  try {
    validateSendRequest(input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MarketingCloudValidationError);
  return thrown as MarketingCloudValidationError;
}

const sorted = (pairs: readonly Pair[]) =>
  pairs.map(([path, rule]) => `${path} | ${rule}`).toSorted();

/**
 * Asserts that `input` is rejected with exactly these (path, rule) violations, each message naming
 * its path, and the error's message listing every one.
 */
function expectViolations(
  input: unknown,
  expected: readonly Pair[],
): MarketingCloudValidationError {
  const error = validationErrorOf(input);
  expect(sorted(error.violations.map((v) => [v.path, v.rule] as const))).toEqual(sorted(expected));
  for (const violation of error.violations) {
    expect(violation.message.slice(0, violation.path.length)).toBe(violation.path);
    expect(error.message).toContain(violation.message);
  }
  return error;
}

function expectValid(input: unknown): TriggeredSendRequest {
  const result = validateSendRequest(input);
  expect(result).toBeInstanceOf(TriggeredSendRequest);
  expect(JSON.parse(JSON.stringify(result))).toEqual(input);
  return result;
}

describe('validateSendRequest with the documented examples', () => {
  it.each([
    ['ASYNC', DOC_EXAMPLE_ASYNC],
    ['SYNC', DOC_EXAMPLE_SYNC],
  ])('accepts the %s example and returns it as a TriggeredSendRequest', (_type, example) => {
    const before = structuredClone(example);
    const result = validateSendRequest(example);
    expect(result).toBeInstanceOf(TriggeredSendRequest);
    expect(result.From).toBeInstanceOf(TriggeredSendFrom);
    expect(result.To).toBeInstanceOf(TriggeredSendTo);
    expect(result.To.ContactAttributes).toBeInstanceOf(TriggeredSendContactAttributes);
    expect(result.Options).toBeInstanceOf(TriggeredSendOptions);
    expect(JSON.stringify(result)).toBe(JSON.stringify(example));
    expect(example).toEqual(before);
  });

  it('accepts the examples as they arrive over the wire (parsed JSON)', () => {
    for (const example of [DOC_EXAMPLE_ASYNC, DOC_EXAMPLE_SYNC]) {
      expectValid(JSON.parse(JSON.stringify(example)));
    }
  });
});

describe('validateSendRequest: optional parts', () => {
  it('accepts To alone (From, Options and ContactAttributes are optional)', () => {
    const result = expectValid(minimal());
    expect(result.From).toBeUndefined();
    expect(result.Options).toBeUndefined();
    expect(result.To.ContactAttributes).toBeUndefined();
  });

  it('accepts the example without From', () => {
    const { From: _from, ...withoutFrom } = DOC_EXAMPLE_ASYNC;
    expectValid(withoutFrom);
  });

  it('accepts the example without Options', () => {
    const { Options: _options, ...withoutOptions } = DOC_EXAMPLE_SYNC;
    expectValid(withoutOptions);
  });

  it('accepts empty From, Options and ContactAttributes objects, and does not send them', () => {
    expect(JSON.stringify(validateSendRequest({ ...minimal(), From: {}, Options: {} }))).toBe(
      JSON.stringify(minimal()),
    );
    expect(
      JSON.stringify(validateSendRequest({ To: { ...minimal().To, ContactAttributes: {} } })),
    ).toBe(JSON.stringify(minimal()));
  });

  it('accepts From with only a Name, or only an Address', () => {
    expectValid({ ...minimal(), From: { Name: 'Code@' } });
    expectValid({ ...minimal(), From: { Address: 'code@exacttarget.com' } });
  });
});

describe('validateSendRequest: To', () => {
  it('rejects a request without To', () => {
    expectViolations({ From: DOC_EXAMPLE_ASYNC.From }, [['To', 'isDefined']]);
  });

  it('rejects To that is a string', () => {
    expectViolations({ To: 'example@example.com' }, [['To', 'isObject']]);
  });

  it('rejects To that is an array', () => {
    expectViolations({ To: [minimal().To] }, [['To', 'isObject']]);
  });

  it('rejects To.Address missing', () => {
    expectViolations({ To: { SubscriberKey: 'subscriber-1' } }, [['To.Address', 'isDefined']]);
  });

  it.each(['not-an-email', 'example@', '@example.com', 'example example@example.com', ''])(
    'rejects To.Address %j as not an email address',
    (address) => {
      expectViolations({ To: { ...minimal().To, Address: address } }, [['To.Address', 'isEmail']]);
    },
  );

  it(`accepts a valid address of exactly ${MAX_EMAIL_LENGTH} characters`, () => {
    expect(MAX_EMAIL_LENGTH).toBe(254);
    expectValid({ To: { ...minimal().To, Address: emailOfLength(254) } });
  });

  it('rejects an address of 255 characters', () => {
    // One rule per field (stopAtFirstError): the length rule is reported before the email rule.
    expectViolations({ To: { ...minimal().To, Address: emailOfLength(255) } }, [
      ['To.Address', 'maxLength'],
    ]);
  });

  it('rejects To.SubscriberKey missing', () => {
    expectViolations({ To: { Address: 'example@example.com' } }, [
      ['To.SubscriberKey', 'isDefined'],
    ]);
  });

  it('rejects an empty To.SubscriberKey', () => {
    expectViolations({ To: { ...minimal().To, SubscriberKey: '' } }, [
      ['To.SubscriberKey', 'isNotEmpty'],
    ]);
  });

  it('rejects a To.SubscriberKey that is not a string', () => {
    expectViolations({ To: { ...minimal().To, SubscriberKey: 12345 } }, [
      ['To.SubscriberKey', 'isString'],
    ]);
  });

  it(`accepts a To.SubscriberKey of ${MAX_SUBSCRIBER_KEY_LENGTH} characters`, () => {
    expect(MAX_SUBSCRIBER_KEY_LENGTH).toBe(254);
    expectValid({ To: { ...minimal().To, SubscriberKey: 'k'.repeat(254) } });
  });

  it('rejects a To.SubscriberKey of 255 characters', () => {
    expectViolations({ To: { ...minimal().To, SubscriberKey: 'k'.repeat(255) } }, [
      ['To.SubscriberKey', 'maxLength'],
    ]);
  });

  it('counts characters as Marketing Cloud does (UTF-16 units): 127 emoji pass, 128 do not', () => {
    expectValid({ To: { ...minimal().To, SubscriberKey: '😀'.repeat(127) } });
    expectViolations({ To: { ...minimal().To, SubscriberKey: '😀'.repeat(128) } }, [
      ['To.SubscriberKey', 'maxLength'],
    ]);
  });

  it('rejects a blank To.SubscriberKey', () => {
    expectViolations({ To: { ...minimal().To, SubscriberKey: '   ' } }, [
      ['To.SubscriberKey', 'matches'],
    ]);
  });
});

describe('validateSendRequest: From and Options', () => {
  it('rejects a From.Address that is not an email address', () => {
    expectViolations(
      { ...minimal(), From: { Address: 'code-at-exacttarget.com', Name: 'Code@' } },
      [['From.Address', 'isEmail']],
    );
  });

  it('refuses an address holding a lone surrogate as not an email address (validator.js threw a URIError on it)', () => {
    const error = expectViolations(
      {
        From: { Address: 'code\ud83d@exacttarget.com' },
        To: { Address: 'example@example.com\udc00', SubscriberKey: 'k' },
      },
      [
        ['From.Address', 'isEmail'],
        ['To.Address', 'isEmail'],
      ],
    );
    expect(error.violations[1]!.message).toBe('To.Address must be an email address');
  });

  it.each(['ASYNC', 'SYNC'])('accepts Options.RequestType %s', (requestType) => {
    expectValid({ ...minimal(), Options: { RequestType: requestType } });
  });

  it.each(['async', 'sync', 'Sync', 'BATCH', '', 1])(
    'rejects Options.RequestType %j',
    (requestType) => {
      const error = expectViolations({ ...minimal(), Options: { RequestType: requestType } }, [
        ['Options.RequestType', 'isIn'],
      ]);
      expect(error.violations[0]!.message).toBe('Options.RequestType must be ASYNC or SYNC');
    },
  );
});

describe('validateSendRequest: SubscriberAttributes', () => {
  it('accepts string, number and boolean values', () => {
    expectValid(
      withAttributes({ Region: 'West', Age: 42, Score: -1.5, Zero: 0, Vip: true, Opted: false }),
    );
  });

  it.each([
    ['null', null],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['NaN', Number.NaN],
    ['an object', { name: 'Indianapolis' }],
    ['an empty object', {}],
    ['an array', ['Indianapolis']],
  ])('rejects a %s value, naming the attribute', (_what, value) => {
    const error = expectViolations(withAttributes({ Region: 'West', City: value }), [
      [`${ATTRIBUTES_PATH}.City`, 'isSubscriberAttributes'],
    ]);
    expect(error.violations[0]!.message).toBe(
      `${ATTRIBUTES_PATH}.City must be a string, a number or a boolean`,
    );
  });

  it(`accepts a value of ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`, () => {
    expect(MAX_ATTRIBUTE_VALUE_LENGTH).toBe(4000);
    expectValid(withAttributes({ Notes: 'x'.repeat(4000) }));
  });

  it('rejects a value of 4001 characters, naming the attribute', () => {
    const error = expectViolations(withAttributes({ Notes: 'x'.repeat(4001) }), [
      [`${ATTRIBUTES_PATH}.Notes`, 'isSubscriberAttributes'],
    ]);
    expect(error.violations[0]!.message).toBe(
      `${ATTRIBUTES_PATH}.Notes must be at most 4000 characters`,
    );
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('rejects an %s attribute name', (_what, name) => {
    const error = expectViolations(withAttributes({ [name]: 'x' }), [
      [`${ATTRIBUTES_PATH}.${name}`, 'isSubscriberAttributes'],
    ]);
    expect(error.violations[0]!.message).toMatch(/name must be 1 to 128 characters$/);
  });

  it(`accepts ${MAX_ATTRIBUTES} attributes and rejects ${MAX_ATTRIBUTES + 1}`, () => {
    expect(MAX_ATTRIBUTES).toBe(200);
    expectValid(withAttributes(manyAttributes(200)));
    const error = expectViolations(withAttributes(manyAttributes(201)), [
      [ATTRIBUTES_PATH, 'isSubscriberAttributes'],
    ]);
    expect(error.violations[0]!.message).toContain('at most 200 attributes');
  });

  it.each([
    ['a string', 'Region=West'],
    ['a non-empty array', ['West']],
    ['an array of pairs', [{ Name: 'Region', Value: 'West' }]],
  ])('rejects SubscriberAttributes that is %s', (_what, attributes) => {
    expectViolations(withAttributes(attributes), [[ATTRIBUTES_PATH, 'isSubscriberAttributes']]);
  });
});

describe('validateSendRequest: unknown properties', () => {
  it.each([
    ['Cc', { ...DOC_EXAMPLE_ASYNC, Cc: 'cc@example.com' }],
    ['To.Name', { ...minimal(), To: { ...minimal().To, Name: 'Example' } }],
    ['Options.Priority', { ...minimal(), Options: { RequestType: 'ASYNC', Priority: 'High' } }],
    ['From.ReplyTo', { ...minimal(), From: { Address: 'code@exacttarget.com', ReplyTo: 'x' } }],
    ['To.ContactAttributes.Extra', { To: { ...minimal().To, ContactAttributes: { Extra: 'x' } } }],
  ])('rejects %s as "is not a known property"', (path, input) => {
    const error = expectViolations(input, [[path, 'whitelistValidation']]);
    expect(error.violations[0]!.message).toBe(`${path} is not a known property`);
  });

  it.each([
    ['a leading space', ' To', ' To'],
    ['a trailing space', 'To ', 'To '],
    ['a zero-width space', 'To\u200b', '["To\\u200b"]'],
    ['a Cyrillic Т', '\u0422o', '\u0422o'],
  ])('still refuses a look-alike of To with %s', (_what, key, path) => {
    expectViolations({ [key]: minimal().To }, [
      [path, 'whitelistValidation'],
      ['To', 'isDefined'],
    ]);
  });

  it('does not fold non-ASCII letters that lower-case to ASCII (the Kelvin sign K)', () => {
    expectViolations({ To: { Address: 'example@example.com', ['Subscriber\u212aey']: 'k' } }, [
      ['To.Subscriber\u212aey', 'whitelistValidation'],
      ['To.SubscriberKey', 'isDefined'],
    ]);
  });
});

describe('validateSendRequest: forbidden keys', () => {
  it('rejects an own __proto__ key at the top level without polluting any prototype', () => {
    const input: unknown = JSON.parse(
      '{"__proto__": {"polluted": true}, "To": {"Address": "example@example.com", "SubscriberKey": "k"}}',
    );
    expect(Object.keys(input as object)).toContain('__proto__');
    expectViolations(input, [['__proto__', 'forbiddenKey']]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['constructor', 'prototype'])('rejects a top-level %s key', (key) => {
    expectViolations({ ...minimal(), [key]: { polluted: true } }, [[key, 'forbiddenKey']]);
  });

  it('rejects an own __proto__ key inside SubscriberAttributes', () => {
    const input: unknown = JSON.parse(
      '{"To": {"Address": "example@example.com", "SubscriberKey": "k", "ContactAttributes": {"SubscriberAttributes": {"Region": "West", "__proto__": "x"}}}}',
    );
    expectViolations(input, [[`${ATTRIBUTES_PATH}.__proto__`, 'forbiddenKey']]);
  });

  it('rejects constructor and prototype inside SubscriberAttributes, both at once', () => {
    expectViolations(withAttributes({ constructor: 'x', prototype: 'y', Region: 'West' }), [
      [`${ATTRIBUTES_PATH}.constructor`, 'forbiddenKey'],
      [`${ATTRIBUTES_PATH}.prototype`, 'forbiddenKey'],
    ]);
  });
});

describe('validateSendRequest: nesting (only the documented objects are entered)', () => {
  it('rejects an object nested inside an attribute value, naming the attribute', () => {
    expectViolations(withAttributes({ City: { Name: { Local: 'Indy' } } }), [
      [`${ATTRIBUTES_PATH}.City`, 'isSubscriberAttributes'],
    ]);
  });

  it('rejects deep nesting under a known property as the wrong type', () => {
    expectViolations({ ...minimal(), From: { Address: { a: { b: { c: {} } } } } }, [
      ['From.Address', 'isString'],
    ]);
  });

  it('rejects hostile nesting (100 000 levels) with one violation and no stack overflow', () => {
    const root: Record<string, unknown> = {};
    let current = root;
    for (let level = 0; level < 100_000; level += 1) {
      const next: Record<string, unknown> = {};
      current['n'] = next;
      current = next;
    }
    expectViolations({ ...minimal(), Cc: root }, [['Cc', 'whitelistValidation']]);
    expectViolations({ To: root }, [
      ['To.n', 'whitelistValidation'],
      ['To.Address', 'isDefined'],
      ['To.SubscriberKey', 'isDefined'],
    ]);
  });
});

describe('validateSendRequest: not an object', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'x'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', []],
    ['an array of bodies', [DOC_EXAMPLE_ASYNC]],
  ])('rejects %s with path "request"', (_what, input) => {
    const error = validationErrorOf(input);
    expect(error.violations).toEqual([
      { path: 'request', rule: 'isObject', message: 'request must be an object' },
    ]);
    expect(error.message).toContain('request must be an object');
  });
});

describe('validateSendRequest: explicit nulls', () => {
  it.each([
    ['From', { ...minimal(), From: null }, 'From', 'isObject'],
    ['Options', { ...minimal(), Options: null }, 'Options', 'isObject'],
    [
      'To.ContactAttributes',
      { To: { ...minimal().To, ContactAttributes: null } },
      'To.ContactAttributes',
      'isObject',
    ],
    ['SubscriberAttributes', withAttributes(null), ATTRIBUTES_PATH, 'isSubscriberAttributes'],
    [
      'Options.RequestType',
      { ...minimal(), Options: { RequestType: null } },
      'Options.RequestType',
      'isIn',
    ],
    ['From.Address', { ...minimal(), From: { Address: null } }, 'From.Address', 'isString'],
  ])('refuses null for the optional %s (optional means absent)', (_what, input, path, rule) => {
    expectViolations(input, [[path, rule]]);
  });
});

describe('validateSendRequest: the error', () => {
  it('lists every failure at once, across From, To and Options', () => {
    const error = expectViolations(
      {
        From: { Address: 'not-an-email' },
        To: { Address: 'also-not-an-email', SubscriberKey: '' },
        Options: { RequestType: 'BATCH' },
        Cc: 'cc@example.com',
      },
      [
        ['From.Address', 'isEmail'],
        ['To.Address', 'isEmail'],
        ['To.SubscriberKey', 'isNotEmpty'],
        ['Options.RequestType', 'isIn'],
        ['Cc', 'whitelistValidation'],
      ],
    );
    expect(error.violations).toHaveLength(5);
  });

  it('is a MarketingCloudValidationError: a MarketingCloudError, not retryable, with no code', () => {
    const error = validationErrorOf({});
    expect(error).toBeInstanceOf(MarketingCloudError);
    expect(error.name).toBe('MarketingCloudValidationError');
    expect(error.retryable).toBe(false);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toMatch(/^Invalid send request: /);
    expect(error.toJSON()).toMatchObject({ violations: error.violations });
  });
});
