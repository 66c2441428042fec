import { secondAttributeSpellingText, secondSpellingText } from '../errors/error-messages.js';
import { equalsIgnoringAsciiCase } from './ascii-case.js';
import { childPath } from './property-path.js';
import {
  MAX_ATTRIBUTE_NAME_LENGTH,
  MAX_ATTRIBUTES,
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
} from './triggered-send-request.dto.js';
import type { ViolationList } from './violation-list.js';

/**
 * The one pass over a caller's send request before validation: bounded, linear, and the only code
 * that reads the raw input. It matches property names without regard to case and rebuilds the
 * request in the documented casing, out of the DTO classes, so no copy or class-transformer call
 * ever sees more than the documented shape.
 *
 * - At most {@link MAX_PROPERTIES_PER_OBJECT} keys per object are read (an object with more is
 *   refused before its keys are looked at); only the documented objects are entered, so depth and
 *   the total number of keys read are bounded by the wire shape.
 * - `OPTIONS`, `to`, `subscriberkey`: ASCII case-insensitive matches of the documented names are
 *   taken, written in the documented casing. Two spellings of one property in one object are
 *   refused, naming both.
 * - An empty string for an optional string (`From.Address`, `From.Name`) means absent;
 *   `SubscriberAttributes` `[]` or `{}` means no attributes; an optional object left empty (`From`,
 *   `Options`, `ContactAttributes`) is not sent.
 * - Attribute names are the caller's data: kept as given, never case-folded. Two names that differ
 *   only in case are refused, since Marketing Cloud matches names without regard to case.
 * - Refused everywhere: unknown properties, the names of Object.prototype's members and
 *   `prototype` in any case, and values that are not JSON data (a Map, a Date, a function).
 * Values are not checked here (class-validator does that on the rebuilt request).
 */

/** Far above the documented shape (3 properties at most per object, 200 attributes). */
export const MAX_PROPERTIES_PER_OBJECT = MAX_ATTRIBUTES;

interface ObjectShape {
  readonly create: () => object;
  /** Lower-cased documented name -> field. A Map: a plain object would answer `constructor`. */
  readonly fields: ReadonlyMap<string, FieldShape>;
}

interface FieldShape {
  /** The documented casing. */
  readonly name: string;
  readonly object?: ObjectShape;
  readonly attributes?: true;
  readonly emptyMeansAbsent?: true;
  /** Kept even when empty, so that its own required members are reported. */
  readonly required?: true;
}

function shape(create: () => object, fields: FieldShape[]): ObjectShape {
  return { create, fields: new Map(fields.map((field) => [field.name.toLowerCase(), field])) };
}

const REQUEST_SHAPE = shape(
  () => new TriggeredSendRequest(),
  [
    {
      name: 'From',
      object: shape(
        () => new TriggeredSendFrom(),
        [
          { name: 'Address', emptyMeansAbsent: true },
          { name: 'Name', emptyMeansAbsent: true },
        ],
      ),
    },
    {
      name: 'To',
      required: true,
      object: shape(
        () => new TriggeredSendTo(),
        [
          { name: 'Address' },
          { name: 'SubscriberKey' },
          {
            name: 'ContactAttributes',
            object: shape(
              () => new TriggeredSendContactAttributes(),
              [{ name: 'SubscriberAttributes', attributes: true }],
            ),
          },
        ],
      ),
    },
    { name: 'Options', object: shape(() => new TriggeredSendOptions(), [{ name: 'RequestType' }]) },
  ],
);

/**
 * Keys that could reach an object's prototype, and the names of Object.prototype's members
 * (`toString`, `valueOf`...): class-transformer (under ValidationPipe) skips any key that names a
 * function on the new object, so an attribute so named would be lost. Refused in any case.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(
  ['prototype', ...Object.getOwnPropertyNames(Object.prototype)].map((name) => name.toLowerCase()),
);
/** No documented or forbidden name is longer: longer keys are not folded at all. */
const LONGEST_FOLDED_NAME = 24;
const NON_ASCII = /[^\p{ASCII}]/u;

/** The key lower-cased, if it could be a documented or forbidden name (short and ASCII). */
function fold(key: string): string | undefined {
  if (key.length > LONGEST_FOLDED_NAME || NON_ASCII.test(key)) return undefined;
  return key.toLowerCase();
}

const FORBIDDEN_NAMES = [...FORBIDDEN_KEYS];

/** Whether `key` is a forbidden name in some ASCII case (as `fold` then FORBIDDEN_KEYS, with no copy). */
export function isForbiddenKey(key: string): boolean {
  if (key.length > LONGEST_FOLDED_NAME) return false;
  for (const name of FORBIDDEN_NAMES) if (equalsIgnoringAsciiCase(key, name)) return true;
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a value is data as JSON carries it. A Map, Set, Date, boxed primitive, typed array,
 * function or anything with a toJSON method is not: validation would see its own properties (a
 * Map has none), while JSON.stringify sends something else (`{}`, a date string).
 */
export function isJsonData(value: unknown): boolean {
  if (typeof value === 'function') return false;
  if (typeof value !== 'object' || value === null) return true;
  const tag = Object.prototype.toString.call(value);
  return (
    (tag === '[object Object]' || tag === '[object Array]') &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** Whether `value` has more than `max` own enumerable keys, found without listing them all. */
function hasMoreKeysThan(value: object, max: number): boolean {
  let count = 0;
  for (const key in value) {
    if (Object.hasOwn(value, key) && ++count > max) return true;
  }
  return false;
}

const NOT_JSON_DATA =
  'must be JSON data: an object, an array, a string, a number, a boolean or null';

/**
 * Rebuilds `input` (a plain object) as a TriggeredSendRequest in the documented casing, adding to
 * `violations` what the pass refuses. Values it does not judge are copied as they are.
 */
export function normaliseSendRequest(
  input: Record<string, unknown>,
  violations: ViolationList,
): NormalisedSendRequest {
  const refusedFields = new Set<string>();
  const request = normaliseObject(input, REQUEST_SHAPE, '', { violations, refusedFields });
  return { request: request as unknown as TriggeredSendRequest, refusedFields };
}

export interface NormalisedSendRequest {
  readonly request: TriggeredSendRequest;
  /**
   * Paths this pass refused as a whole (a value that is not JSON data, an object with too many
   * keys; `request` for the whole request): no other rule applies to them or inside them.
   */
  readonly refusedFields: ReadonlySet<string>;
}

interface Pass {
  readonly violations: ViolationList;
  readonly refusedFields: Set<string>;
}

function normaliseObject(
  input: Record<string, unknown>,
  objectShape: ObjectShape,
  path: string,
  pass: Pass,
): Record<string, unknown> {
  const { violations } = pass;
  const output = objectShape.create() as Record<string, unknown>;
  if (hasMoreKeysThan(input, MAX_PROPERTIES_PER_OBJECT)) {
    violations.add(
      path || 'request',
      'maxProperties',
      `must have at most ${MAX_PROPERTIES_PER_OBJECT} properties`,
    );
    pass.refusedFields.add(path || 'request');
    return output;
  }
  const spellings = new Map<FieldShape, string>();
  for (const key of Object.keys(input)) {
    const folded = fold(key);
    const field = folded === undefined ? undefined : objectShape.fields.get(folded);
    if (field === undefined) {
      if (folded !== undefined && FORBIDDEN_KEYS.has(folded)) {
        violations.add(childPath(path, key), 'forbiddenKey', 'is not allowed');
      } else {
        violations.add(childPath(path, key), 'whitelistValidation', 'is not a known property');
      }
      continue;
    }
    const first = spellings.get(field);
    if (first !== undefined) {
      violations.add(
        childPath(path, key),
        'isUniqueProperty',
        secondSpellingText(childPath(path, first)),
      );
      continue;
    }
    spellings.set(field, key);
    const fieldPath = childPath(path, field.name);
    const value = normaliseValue(input[key], field, fieldPath, pass);
    if (value !== undefined) output[field.name] = value;
  }
  return output;
}

function normaliseValue(value: unknown, field: FieldShape, path: string, pass: Pass): unknown {
  if (!isJsonData(value)) {
    pass.violations.add(path, 'isJsonData', NOT_JSON_DATA);
    pass.refusedFields.add(path);
    return undefined;
  }
  if (field.emptyMeansAbsent && value === '') return undefined;
  if (field.attributes) return normaliseAttributes(value, path, pass.violations);
  if (field.object === undefined) return value;
  // Left for class-validator to refuse ("must be an object"); an array is emptied first, so that
  // its elements (any number of them) are never visited.
  if (Array.isArray(value)) return [];
  if (!isRecord(value)) return value;
  const output = normaliseObject(value, field.object, path, pass);
  const empty = Object.values(output).every((member) => member === undefined);
  return empty && !field.required ? undefined : output;
}

function normaliseAttributes(value: unknown, path: string, violations: ViolationList): unknown {
  if (Array.isArray(value) && value.length === 0) return undefined;
  // Anything else that is not an object is left for class-validator to refuse (arrays unvisited).
  if (Array.isArray(value)) return [];
  if (!isRecord(value)) return value;
  if (hasMoreKeysThan(value, MAX_ATTRIBUTES)) {
    violations.add(
      path,
      'isSubscriberAttributes',
      `must hold at most ${MAX_ATTRIBUTES} attributes`,
    );
    return undefined;
  }
  const output: Record<string, unknown> = {};
  const spellings = new Map<string, string>();
  let count = 0;
  for (const name of Object.keys(value)) {
    if (isForbiddenKey(name)) {
      violations.add(childPath(path, name), 'forbiddenKey', 'is not allowed');
      continue;
    }
    const attribute = value[name];
    if (!isJsonData(attribute)) {
      violations.add(childPath(path, name), 'isJsonData', NOT_JSON_DATA);
      continue;
    }
    if (name.length <= MAX_ATTRIBUTE_NAME_LENGTH) {
      const folded = name.toLowerCase();
      const first = spellings.get(folded);
      if (first !== undefined) {
        violations.add(
          childPath(path, name),
          'isUniqueAttribute',
          secondAttributeSpellingText(childPath(path, first)),
        );
        continue;
      }
      spellings.set(folded, name);
    }
    // Safe to assign: `__proto__` and every other prototype name was refused above.
    output[name] = attribute;
    count += 1;
  }
  return count > 0 ? output : undefined;
}
