import * as fc from 'fast-check';
import { childPath } from '../../libs/marketing-cloud/src/triggered-send/property-path.js';
import { documentedSendBody } from '../../src/messaging/documented-examples.js';

/**
 * Generators of INVALID send requests and definitions, for the property-based hostile-input tests
 * (libs/marketing-cloud/src/triggered-send/send-request.fuzz.spec.ts over TriggeredSendService,
 * test/hostile-input.e2e-spec.ts over the sample app's HTTP route).
 *
 * Invalid by construction: every payload starts from Salesforce's documented (valid) body and gets
 * one or more mutations, each of which breaks a documented rule on its own. A later mutation can
 * only replace an invalid value with another invalid value, or skip (when an earlier one replaced
 * its parent with a non-object), so no combination is accidentally valid.
 */

/** A leaf written verbatim into the JSON text (`1e400`), standing for `value` in a JS payload (Infinity). */
export class RawJson {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** Case variants of the prototype keys: refused too, however names are matched. */
export const PROTOTYPE_KEY_VARIANTS = [
  '__PROTO__',
  '__Proto__',
  'Constructor',
  'CONSTRUCTOR',
  'Prototype',
  'PROTOTYPE',
  'TOSTRING',
  'ValueOf',
] as const;

/** ASCII lower case, as the validator matches property names. */
export function asciiFold(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
/** Keys a plain object inherits (toString, valueOf, hasOwnProperty...), captured before any test runs. */
export const OBJECT_PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(
  Object.prototype,
);

/** Defines an own, enumerable data property, even for `__proto__` (an assignment would set the prototype). */
export function put(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A fresh copy of a generated value (plain objects rebuilt with own keys; RawJson and exotic values kept). */
export function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (!isPlainRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) put(copy, key, copyValue(value[key]));
  return copy;
}

/** The value a JS caller would pass: RawJson replaced by its value, own `__proto__` keys kept own. */
export function toJsValue(value: unknown): unknown {
  if (value instanceof RawJson) return value.value;
  if (Array.isArray(value)) return value.map(toJsValue);
  if (!isPlainRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) put(copy, key, toJsValue(value[key]));
  return copy;
}

/**
 * JSON text of a payload: own keys in order (an own `__proto__` is written as a key), RawJson
 * verbatim. `keyQuote` other than `"` writes malformed JSON on purpose.
 */
export function toJsonText(value: unknown, keyQuote = '"'): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item, keyQuote)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .map((key) => {
        const quoted = keyQuote === '"' ? JSON.stringify(key) : `${keyQuote}${key}${keyQuote}`;
        return `${quoted}:${toJsonText(record[key], keyQuote)}`;
      });
    return `{${entries.join(',')}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new TypeError(`${String(value)} has no JSON form: use RawJson`);
  }
  return text;
}

/** Salesforce's documented example body (seed-messageDefinitionSends.md): valid. */
export function documentedBody(requestType: 'ASYNC' | 'SYNC' = 'ASYNC'): Record<string, unknown> {
  return documentedSendBody(requestType);
}

/** `count` keys `${prefix}100000`, `${prefix}100001`...: 12 bytes each in JSON text. */
export function manyKeys(count: number, prefix: string): Record<string, number> {
  const object: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) object[`${prefix}${100_000 + i}`] = 0;
  return object;
}

/** The smallest valid body. */
export function minimalBody(): Record<string, unknown> {
  return { To: { Address: 'example@example.com', SubscriberKey: 'subscriber-1' } };
}

/** One change to a valid body that breaks a rule by itself. `kind` names the family, for statistics. */
export interface Mutation {
  readonly kind: string;
  readonly path: readonly string[];
  /** Remove the key (only ever a required one), in every spelling, instead of setting it. */
  readonly remove?: true;
  readonly value?: unknown;
  /**
   * The last key is another spelling of this documented name: the name is set first (to the same
   * value) when absent, so that the body always holds two spellings of one property.
   */
  readonly duplicateOf?: string;
}

/**
 * Applies a mutation in place. Missing optional parents (From, Options, ContactAttributes,
 * SubscriberAttributes) are created empty, which is valid; a parent an earlier mutation replaced
 * with a non-object makes the mutation skip. Returns whether it applied.
 */
export function applyMutation(body: Record<string, unknown>, mutation: Mutation): boolean {
  let node = body;
  for (const segment of mutation.path.slice(0, -1)) {
    if (!Object.hasOwn(node, segment)) {
      if (mutation.remove) return false;
      put(node, segment, {});
    }
    const next = node[segment];
    if (!isPlainRecord(next)) return false;
    node = next;
  }
  const last = mutation.path.at(-1)!;
  if (mutation.remove) {
    // Every spelling goes: a case variant left behind would stand for the removed key.
    const spellings = Object.keys(node).filter((key) => asciiFold(key) === asciiFold(last));
    for (const key of spellings) delete node[key];
    return spellings.length > 0;
  }
  if (mutation.duplicateOf !== undefined && !Object.hasOwn(node, mutation.duplicateOf)) {
    put(node, mutation.duplicateOf, copyValue(mutation.value));
  }
  put(node, last, copyValue(mutation.value));
  return true;
}

/** The path as violations write it (the validator's own childPath: long or invisible keys shown escaped). */
export function displayPath(path: readonly string[]): string {
  return path.reduce((parent, key) => childPath(parent, key), '');
}

/** Whether a violation at `violationPath` concerns the mutated `mutationPath` (same, inside, or a parent). */
export function concerns(violationPath: string, mutationPath: string): boolean {
  return (
    violationPath === mutationPath ||
    violationPath.startsWith(`${mutationPath}.`) ||
    mutationPath.startsWith(`${violationPath}.`)
  );
}

// ---------------------------------------------------------------------------------------------
// Leaf values

const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['From', 'To', 'Options'],
  From: ['Address', 'Name'],
  To: ['Address', 'SubscriberKey', 'ContactAttributes'],
  'To.ContactAttributes': ['SubscriberAttributes'],
  Options: ['RequestType'],
};
const STRING_FIELDS: readonly (readonly string[])[] = [
  ['From', 'Address'],
  ['From', 'Name'],
  ['To', 'Address'],
  ['To', 'SubscriberKey'],
  ['Options', 'RequestType'],
];
const OBJECT_FIELDS: readonly (readonly string[])[] = [
  ['From'],
  ['To'],
  ['Options'],
  ['To', 'ContactAttributes'],
  ['To', 'ContactAttributes', 'SubscriberAttributes'],
];
const ATTRIBUTE_MAP = ['To', 'ContactAttributes', 'SubscriberAttributes'];

/**
 * Case variants and look-alikes of the documented names. A case variant of a name allowed at a
 * level is a second spelling there (see duplicateSpelling); elsewhere it is an unknown key.
 */
const CASE_VARIANTS = [
  'to',
  'TO',
  'from',
  'FROM',
  'options',
  'OPTIONS',
  'address',
  'ADDRESS',
  'subscriberKey',
  'subscriberkey',
  'SUBSCRIBERKEY',
  'contactAttributes',
  'subscriberAttributes',
  'requestType',
  'name',
  'Subscriber\u212aey', // Kelvin sign: lower-cases to k, but is not ASCII
  ' To',
  'To ',
  'To\u200b',
  'Тo', // Cyrillic T
  'Cc',
  'Bcc',
  'ReplyTo',
  'Subject',
  'Priority',
  '',
  ' ',
];

const infinities = fc.constantFrom(
  new RawJson('1e400', Infinity),
  new RawJson('-1e400', -Infinity),
  new RawJson('1E+999', Infinity),
);
const finiteNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
);
const smallJson = fc.jsonValue({ maxDepth: 2 });
const smallArray = fc.array(smallJson, { maxLength: 4 });
const smallObject = fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 4 });

/** Anything but a string (JSON-expressible). */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  finiteNumber,
  infinities,
  fc.boolean(),
  fc.constant(null),
  smallArray,
  smallObject,
);
/** Anything but an object (JSON-expressible): arrays count as not an object. */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  finiteNumber,
  infinities,
  fc.boolean(),
  fc.constant(null),
  smallArray,
);

/** Strings with no '@' cannot be email addresses ('' is absent for the optional From.Address). */
const notAnEmail = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).filter((text) => !text.includes('@')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((text) => !text.includes('@')),
  fc.constantFrom('a@', '@example.com', 'a@@example.com', 'a@example', 'a@.com', 'a@example..com'),
);
/** An otherwise well-formed address longer than 254 characters. */
const tooLongEmail = fc
  .record({ labels: fc.integer({ min: 4, max: 15 }), extra: fc.integer({ min: 0, max: 40 }) })
  .map(
    ({ labels, extra }) =>
      `${'a'.repeat(64)}@${Array.from({ length: labels }, () => 'b'.repeat(63)).join('.')}.${'c'.repeat(extra + 2)}.com`,
  );
const asciiOfLength = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.integer({ min, max }).map((length) => 'k'.repeat(length)),
  );
const notARequestType = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      'async',
      'sync',
      'Async',
      'Sync',
      ' ASYNC',
      'SYNC ',
      'ASYNC\n',
      'ASYNC,SYNC',
      '',
    ),
  )
  .filter((text) => text !== 'ASYNC' && text !== 'SYNC');

const attributeName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom('Region', 'City', 'First Name', 'ключ', 'a.b'),
);
const invalidAttributeValue = fc.oneof(
  smallObject,
  smallArray,
  fc.constant(null),
  infinities,
  asciiOfLength(4001, 8000),
);

/** Nested JSON `depth` levels deep (objects, arrays or both), as raw text and parsed value. */
export function nested(depth: number, shape: 'object' | 'array' | 'mixed'): RawJson {
  const open = shape === 'object' ? '{"a":' : shape === 'array' ? '[' : '{"a":[';
  const close = shape === 'object' ? '}' : shape === 'array' ? ']' : ']}';
  const levels = shape === 'mixed' ? Math.ceil(depth / 2) : depth;
  const text = `${open.repeat(levels)}1${close.repeat(levels)}`;
  return new RawJson(text, JSON.parse(text));
}
const deeplyNested = fc
  .record({
    depth: fc.integer({ min: 10, max: 5000 }),
    shape: fc.constantFrom('object' as const, 'array' as const, 'mixed' as const),
  })
  .map(({ depth, shape }) => nested(depth, shape));

const pollutingValue = fc.oneof(
  fc.constant({ polluted: 'yes' }),
  fc.constant({ prototype: { polluted: 'yes' } }),
  fc.constant('{"__proto__":{"polluted":"yes"}}').map((text): unknown => JSON.parse(text)),
  smallJson,
);
/** Objects whose keys the validator checks against a fixed set (the attribute map takes any name). */
const KEYED_LEVELS: readonly (readonly string[])[] = [
  [],
  ['From'],
  ['To'],
  ['To', 'ContactAttributes'],
  ['Options'],
];
const everyLevel = fc.constantFrom(...KEYED_LEVELS, ATTRIBUTE_MAP);

function unknownKeyAt(level: readonly string[]): fc.Arbitrary<string> {
  const allowed = (ALLOWED_KEYS[level.join('.')] ?? []).map(asciiFold);
  return fc
    .oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...CASE_VARIANTS),
      fc.constantFrom(...OBJECT_PROTOTYPE_NAMES),
    )
    .filter((key) => !allowed.includes(asciiFold(key)));
}

/** A different ASCII casing of `name` (some letters' case flipped). */
function otherCasing(name: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((flips) =>
      [...name]
        .map((letter, i) =>
          flips[i]
            ? letter === letter.toUpperCase()
              ? letter.toLowerCase()
              : letter.toUpperCase()
            : letter,
        )
        .join(''),
    )
    .filter((variant) => variant !== name);
}

/** Two spellings of one documented property, at any level (`Options` and `OPTIONS`), or of one attribute. */
const duplicateSpelling: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...KEYED_LEVELS).chain((level) =>
    fc.constantFrom(...ALLOWED_KEYS[level.join('.')]!).chain((name) =>
      fc.tuple(otherCasing(name), smallJson).map(([variant, value]) => ({
        kind: 'second spelling',
        path: [...level, variant],
        value,
        duplicateOf: name,
      })),
    ),
  ),
  fc
    .tuple(fc.constantFrom('Region', 'City', 'First Name'), fc.constantFrom('West', 1, true))
    .chain(([name, value]) =>
      otherCasing(name).map((variant) => ({
        kind: 'second spelling of an attribute',
        path: [...ATTRIBUTE_MAP, variant],
        value,
        duplicateOf: name,
      })),
    ),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const mutation = (kind: string, path: readonly string[], value?: unknown): Mutation =>
  value === undefined ? { kind, path, remove: true } : { kind, path, value };

/** Every family of rule-breaking change, JSON-expressible (for the HTTP route as for the service). */
export const jsonMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .constantFrom(['To'], ['To', 'Address'], ['To', 'SubscriberKey'])
    .map((path) => mutation('remove required', path)),
  fc
    .tuple(fc.constantFrom(...STRING_FIELDS), notAString)
    .map(([path, value]) => mutation('not a string', path, value)),
  fc
    .tuple(fc.constantFrom(...OBJECT_FIELDS), notAnObject)
    // SubscriberAttributes [] means no attributes (PHP's json_encode of an empty map).
    .filter(([path, value]) => !(path.length === 3 && Array.isArray(value) && value.length === 0))
    .map(([path, value]) => mutation('not an object', path, value)),
  fc
    .tuple(fc.constantFrom(['To', 'Address'], ['From', 'Address']), notAnEmail)
    .map(([path, value]) => mutation('not an email', path, value)),
  fc
    .tuple(fc.constantFrom(['To', 'Address'], ['From', 'Address']), tooLongEmail)
    .map(([path, value]) => mutation('email over 254', path, value)),
  fc
    .oneof(fc.constant(''), asciiOfLength(255, 2000))
    .map((value) => mutation('SubscriberKey empty or over 254', ['To', 'SubscriberKey'], value)),
  asciiOfLength(257, 600).map((value) => mutation('From.Name over 256', ['From', 'Name'], value)),
  notARequestType.map((value) => mutation('RequestType', ['Options', 'RequestType'], value)),
  fc
    .constantFrom(...KEYED_LEVELS)
    .chain((level) =>
      fc
        .tuple(unknownKeyAt(level), smallJson)
        .map(([key, value]) => mutation('unknown key', [...level, key], value)),
    ),
  fc
    .tuple(attributeName, invalidAttributeValue)
    .map(([name, value]) => mutation('attribute value', [...ATTRIBUTE_MAP, name], value)),
  fc
    .tuple(fc.constantFrom('', ' ', '   ', '\t', '\u00a0'), fc.constantFrom('x', 1, true))
    .map(([name, value]) => mutation('blank attribute name', [...ATTRIBUTE_MAP, name], value)),
  asciiOfLength(129, 400).map((name) =>
    mutation('attribute name over 128', [...ATTRIBUTE_MAP, name], 'x'),
  ),
  fc
    .integer({ min: 201, max: 400 })
    .map((count) =>
      mutation(
        'over 200 attributes',
        ATTRIBUTE_MAP,
        Object.fromEntries(Array.from({ length: count }, (_, i) => [`Attribute${i}`, i])),
      ),
    ),
  fc
    .tuple(everyLevel, fc.constantFrom(...PROTOTYPE_KEYS), pollutingValue)
    .map(([level, key, value]) => mutation('prototype key', [...level, key], value)),
  fc
    .tuple(everyLevel, fc.constantFrom(...PROTOTYPE_KEY_VARIANTS), pollutingValue)
    .map(([level, key, value]) =>
      mutation('prototype key in another case', [...level, key], value),
    ),
  duplicateSpelling,
  fc
    .tuple(
      fc.constantFrom(['Deep'], ['To', 'Deep'], [...ATTRIBUTE_MAP, 'Deep'], ['From', 'Name']),
      deeplyNested,
    )
    .map(([path, value]) => mutation('deep nesting', path, value)),
);

/** Values a JS caller could pass that JSON cannot express. Factories: each run gets fresh ones. */
const EXOTIC_FACTORIES: readonly (readonly [string, () => unknown])[] = [
  ['Date', () => new Date(0)],
  [
    'Map with entries',
    () =>
      new Map([
        ['Address', 'example@example.com'],
        ['SubscriberKey', 'k'],
      ]),
  ],
  ['empty Map', () => new Map()],
  ['Set', () => new Set(['example@example.com'])],
  ['RegExp', () => /example@example\.com/],
  ['String object', () => new String('example@example.com')],
  ['Number object', () => new Number(1)],
  ['Boolean object', () => new Boolean(true)],
  ['function', () => () => 'example@example.com'],
  [
    'class',
    () =>
      class Recipient {
        address(): string {
          return 'example@example.com';
        }
      },
  ],
  ['symbol', () => Symbol('example@example.com')],
  ['bigint', () => 10n],
  ['NaN', () => Number.NaN],
  ['Infinity', () => Infinity],
  ['Promise', () => Promise.resolve('example@example.com')],
  ['Buffer', () => Buffer.from('{"Address":"example@example.com"}')],
  ['Uint8Array', () => new Uint8Array([1, 2])],
  ['Error', () => new Error('example@example.com')],
  ['WeakMap', () => new WeakMap()],
  ['object with toJSON', () => ({ toJSON: () => ({ Address: 'example@example.com' }) })],
];
export const exoticValue: fc.Arbitrary<unknown> = fc
  .constantFrom(...EXOTIC_FACTORIES)
  .map(([, make]) => make());

/** JS-only changes: an exotic value where a string, an object or an attribute value is expected. */
export const exoticMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...STRING_FIELDS, ...OBJECT_FIELDS), exoticValue)
    .map(([path, value]) => mutation('exotic value', path, value)),
  fc
    .tuple(attributeName, exoticValue)
    .map(([name, value]) => mutation('exotic attribute value', [...ATTRIBUTE_MAP, name], value)),
);

export interface InvalidPayload {
  readonly base: 'documented' | 'minimal';
  readonly mutations: readonly Mutation[];
}

export function invalidPayloadOf(mutations: fc.Arbitrary<Mutation>): fc.Arbitrary<InvalidPayload> {
  return fc.record({
    base: fc.constantFrom('documented' as const, 'minimal' as const),
    mutations: fc.array(mutations, { minLength: 1, maxLength: 4 }),
  });
}

/** Builds the payload (with RawJson leaves) and the display paths of the mutations that applied. */
export function buildPayload(payload: InvalidPayload): {
  body: Record<string, unknown>;
  applied: Mutation[];
  paths: string[];
} {
  const body = payload.base === 'documented' ? documentedBody() : minimalBody();
  const applied = payload.mutations.filter((change) => applyMutation(body, change));
  return { body, applied, paths: applied.map((change) => displayPath(change.path)) };
}

/** Whole bodies that are not an object (the JSON text of a scalar or an array). */
export const notAnObjectBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  finiteNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(smallJson, { maxLength: 3 }),
  fc.constant([documentedBody()]),
);

// ---------------------------------------------------------------------------------------------
// Definitions

export const GUID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';
const GUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Characters String.prototype.trim removes: a key of only these is blank. */
const TRIMMED = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2003',
  '\u2028',
  '\u3000',
  '\ufeff',
];
/** Control, format (Cf: bidi, RLM, ZWSP, BOM, soft hyphen) and line/paragraph separator characters. */
export const INVISIBLE_CHARACTER = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(
    '\u00ad',
    '\u061c',
    '\u200b',
    '\u200c',
    '\u200d',
    '\u200e',
    '\u200f',
    '\u2028',
    '\u2029',
    '\u2060',
    '\ufeff',
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ),
);

/**
 * Definition strings that are neither `key:` + 1..200 sendable, non-blank characters nor a GUID
 * (`id:` optional). `loneSurrogates` adds keys with an unpaired surrogate, which no URL can carry.
 */
export function invalidDefinitionString(loneSurrogates: boolean): fc.Arbitrary<string> {
  const families: fc.Arbitrary<string>[] = [
    fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom(
          'KEY;external_key',
          'Key external_key',
          'key',
          'key;x',
          'ID:external_key',
          'id:',
          'ID:',
        ),
      )
      .filter((text) => !/^key:/i.test(text) && !GUID_SHAPE.test(text.replace(/^id:/i, ''))),
    fc.array(fc.constantFrom(...TRIMMED), { maxLength: 8 }).map((blank) => `key:${blank.join('')}`),
    fc.string({ minLength: 201, maxLength: 400 }).map((key) => `key:${key}`),
    fc
      .tuple(
        fc.constantFrom('key:', 'KEY:', 'Key:'),
        fc.string({ maxLength: 10 }),
        INVISIBLE_CHARACTER,
        fc.string({ maxLength: 10 }),
      )
      .map(([prefix, before, bad, after]) => `${prefix}${before}${bad}${after}`),
    fc
      .tuple(
        fc.integer({ min: 0, max: GUID.length - 1 }),
        fc.constantFrom('g', 'z', ' ', '_', '', '--'),
      )
      .map(([at, replacement]) => `${GUID.slice(0, at)}${replacement}${GUID.slice(at + 1)}`)
      .filter((text) => !GUID_SHAPE.test(text)),
    fc.constantFrom(
      `{${GUID}}`,
      ` ${GUID}`,
      `${GUID} `,
      `id: ${GUID}`,
      `id:id:${GUID}`,
      GUID.replaceAll('-', ''),
      `${GUID}0`,
    ),
  ];
  if (loneSurrogates) {
    families.push(
      fc
        .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\ud800', '\udfff', '\udc00x'))
        .map(([before, surrogate]) => `key:${before}${surrogate}`),
    );
  }
  return fc.oneof(...families);
}

/**
 * Customer keys that are valid but hostile in a URL: traversal, encoded slashes and dots, query
 * and fragment characters, percent signs, non-ASCII. They must reach Marketing Cloud as one
 * path segment, exactly.
 */
export const trickyCustomerKey: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      '../../x',
      '..%2F..%2Fx',
      'a%2Fb',
      '%2e%2e',
      '..',
      '.',
      '/',
      '../../../../auth/v2/token',
      '..%2F..%2F..%2Fauth%2Fv2%2Ftoken',
      'a/b?c=d#e',
      '%',
      '%25',
      '%00',
      'ключ/ü',
      '🙂',
      'e\u0301',
      'a\\b',
    ),
    fc
      .array(
        fc.constantFrom(
          '..',
          '.',
          '/',
          '%2F',
          '%2f',
          '%2e',
          '%2E%2E',
          '%5C',
          '\\',
          '?',
          '#',
          '%',
          ';',
          'x',
          'ключ',
          '🙂',
          ' ',
          '~',
          '&',
          '=',
          '+',
          ':',
          '@',
          '*',
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((parts) => parts.join('')),
  )
  .filter((key) => key.trim() !== '' && key !== 'external_key' && key !== 'cust_key');

// ---------------------------------------------------------------------------------------------
// Malformed JSON text

/** Text that is not JSON, each by construction (a valid body's text, broken). */
export const malformedJsonText: fc.Arbitrary<{ kind: string; text: string }> = fc
  .record({
    body: fc.oneof(
      fc.constant(documentedBody()),
      fc.constant(minimalBody()),
      invalidPayloadOf(jsonMutation).map((payload) => buildPayload(payload).body),
    ),
    cut: fc.nat(),
    kind: fc.constantFrom(
      'truncated',
      'trailing comma',
      'single quotes',
      'unquoted keys',
      'literal',
      'control character',
      'bad escape',
      'garbage after',
      'garbage before',
      'comment',
      'blank',
    ),
    literal: fc.constantFrom(
      'NaN',
      'Infinity',
      '-Infinity',
      'undefined',
      '0x10',
      '012',
      '+1',
      '.5',
      '1.',
      "'x'",
    ),
    control: fc.integer({ min: 0, max: 0x1f }),
    escape: fc.constantFrom('\\x41', '\\u12', '\\a', '\\'),
    garbage: fc.constantFrom('x', '}', ']', ',', '{}', '"', 'null', '\u0000'),
    blank: fc.constantFrom(' ', '   ', '\n', '\t \r\n'),
  })
  .map(({ body: generated, cut, kind, literal, control, escape, garbage, blank }) => {
    // Quote styles only break an object that has a key.
    const body = Object.keys(generated).length > 0 ? generated : documentedBody();
    const text = toJsonText(body);
    const withExtra = (raw: string) => `${text.slice(0, -1)},"Extra":${raw}}`;
    switch (kind) {
      case 'truncated':
        return { kind, text: text.slice(0, 1 + (cut % (text.length - 1))) };
      case 'trailing comma':
        return { kind, text: `${text.slice(0, -1)},}` };
      case 'single quotes':
        return { kind, text: toJsonText(body, "'") };
      case 'unquoted keys':
        return { kind, text: toJsonText(body, '') };
      case 'literal':
        return { kind, text: withExtra(literal) };
      case 'control character':
        return { kind, text: withExtra(`"a${String.fromCharCode(control)}b"`) };
      case 'bad escape':
        return { kind, text: withExtra(`"${escape}"`) };
      case 'garbage after':
        return { kind, text: `${text}${garbage}` };
      case 'garbage before':
        return { kind, text: `x${text}` };
      case 'comment':
        return { kind, text: `/* comment */${text}` };
      default:
        return { kind, text: blank };
    }
  });

// ---------------------------------------------------------------------------------------------
// Oversized

export interface Oversized {
  readonly kind:
    | 'attribute value'
    | '201+ attributes of 4000 characters'
    | 'SubscriberKey'
    | 'To.Address'
    | 'From.Name'
    | 'string under an unknown key'
    | 'array under an unknown key';
  readonly size: number;
}

/** Up to ~1 MB of one field (or of attributes), the rest the documented body. */
export const oversized: fc.Arbitrary<Oversized> = fc.oneof(
  fc.record({
    kind: fc.constant('attribute value' as const),
    size: fc.integer({ min: 4001, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant('201+ attributes of 4000 characters' as const),
    size: fc.integer({ min: 201, max: 260 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      'SubscriberKey' as const,
      'To.Address' as const,
      'From.Name' as const,
      'string under an unknown key' as const,
    ),
    size: fc.integer({ min: 300, max: 1_000_000 }),
  }),
  fc.record({
    kind: fc.constant('array under an unknown key' as const),
    size: fc.integer({ min: 1000, max: 100_000 }),
  }),
);

/** The body for an oversized case, and the one path its violation must name. */
export function oversizedBody({ kind, size }: Oversized): {
  body: Record<string, unknown>;
  path: string;
} {
  const body = documentedBody();
  const to = body['To'] as Record<string, unknown>;
  const attributes = (to['ContactAttributes'] as Record<string, unknown>)[
    'SubscriberAttributes'
  ] as Record<string, unknown>;
  switch (kind) {
    case 'attribute value':
      attributes['Notes'] = 'x'.repeat(size);
      return { body, path: 'To.ContactAttributes.SubscriberAttributes.Notes' };
    case '201+ attributes of 4000 characters':
      (to['ContactAttributes'] as Record<string, unknown>)['SubscriberAttributes'] =
        Object.fromEntries(
          Array.from({ length: size }, (_, i) => [`Attribute${i}`, 'v'.repeat(4000)]),
        );
      return { body, path: 'To.ContactAttributes.SubscriberAttributes' };
    case 'SubscriberKey':
      to['SubscriberKey'] = 'k'.repeat(size);
      return { body, path: 'To.SubscriberKey' };
    case 'To.Address':
      to['Address'] = `${'a'.repeat(size)}@example.com`;
      return { body, path: 'To.Address' };
    case 'From.Name':
      (body['From'] as Record<string, unknown>)['Name'] = 'n'.repeat(size);
      return { body, path: 'From.Name' };
    case 'string under an unknown key':
      body['Notes'] = 'x'.repeat(size);
      return { body, path: 'Notes' };
    default:
      body['Items'] = Array.from({ length: size }, (_, i) => i);
      return { body, path: 'Items' };
  }
}

/** Counts occurrences, for the summary lines the fuzz tests print. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts]
      .toSorted(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `${key} ${count}`)
      .join(', ');
  }
}

// ---------------------------------------------------------------------------------------------
// Valid bodies as real senders write them

/** A valid body in some sender's spelling, and what must be sent for it (the documented shape). */
export interface SenderSpelling {
  readonly body: Record<string, unknown>;
  readonly expected: Record<string, unknown>;
}

/**
 * The documented or the minimal body with every documented property name in a random ASCII casing
 * (attribute names kept: they are data), From's strings possibly empty and the attributes possibly
 * `[]` or `{}`. `expected` is the documented casing with the empty parts left out.
 */
export const senderSpelling: fc.Arbitrary<SenderSpelling> = fc
  .record({
    base: fc.constantFrom('documented' as const, 'minimal' as const),
    flips: fc.array(fc.boolean(), { minLength: 97, maxLength: 97 }),
    emptyFrom: fc.constantFrom('none', 'Address', 'Name', 'both'),
    attributes: fc.constantFrom('kept', 'empty array', 'empty object'),
  })
  .map(({ base, flips, emptyFrom, attributes }) => {
    const expected = base === 'documented' ? documentedBody() : minimalBody();
    const body = structuredClone(expected);
    if (base === 'documented') {
      const from = body['From'] as Record<string, unknown>;
      const to = body['To'] as Record<string, Record<string, unknown>>;
      const expectedFrom = expected['From'] as Record<string, unknown>;
      for (const field of ['Address', 'Name']) {
        if (emptyFrom === field || emptyFrom === 'both') {
          from[field] = '';
          delete expectedFrom[field];
        }
      }
      if (emptyFrom === 'both') delete expected['From'];
      if (attributes !== 'kept') {
        to['ContactAttributes']!['SubscriberAttributes'] = attributes === 'empty array' ? [] : {};
        delete (expected['To'] as Record<string, unknown>)['ContactAttributes'];
      }
    }
    let flip = 0;
    const recase = (value: unknown, level: string): unknown => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      if (level === ATTRIBUTE_MAP.join('.')) return value;
      const output: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) {
        const spelled = [...key]
          .map((letter) =>
            flips[flip++ % flips.length] ? letter.toUpperCase() : letter.toLowerCase(),
          )
          .join('');
        output[spelled] = recase(member, level ? `${level}.${key}` : key);
      }
      return output;
    };
    return { body: recase(body, '') as Record<string, unknown>, expected };
  });
