import type { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { MAX_PROPERTIES_PER_OBJECT } from './normalise-send-request.js';
import { childPath } from './property-path.js';
import { MAX_ATTRIBUTES, MAX_SEND_BATCH_REQUESTS } from './triggered-send-request.dto.js';
import { ViolationList } from './violation-list.js';

/**
 * Bounds for a JSON body, checked on its text before it is parsed: parsing is the costly part of a
 * hostile body (JSON.parse takes about 100 ms for 2 MB of 170,000 keys, and the object it builds is
 * slow to walk). Far above any send (3 properties per object, 200 attributes) or batch of sends.
 */
export const JSON_BODY_BOUNDS = Object.freeze({
  /** Keys in any one object: the attribute limit. */
  propertiesPerObject: MAX_PROPERTIES_PER_OBJECT,
  /** Elements in any one array. */
  elementsPerArray: 10_000,
  /** Keys and array elements in the whole body of a send. */
  members: 20_000,
  /**
   * Keys and array elements in the whole body of a batch: MAX_SEND_BATCH_REQUESTS elements of up to
   * 10 each (a minimal element `{"To":{"Address":…,"SubscriberKey":…}}` has 4 with its comma; one
   * with Options.RequestType and 3 attributes has 10). The body size limit still applies.
   */
  batchMembers: MAX_SEND_BATCH_REQUESTS * 10,
  /**
   * Nesting of objects and arrays: a send is 4 levels deep (body, To, ContactAttributes,
   * SubscriberAttributes), a batch 5. Bounds the scanner's stack, and JSON.parse's.
   */
  depth: 16,
});

/** Which body is scanned: a batch (an array of sends) has its own members bound. */
export interface JsonBodyBoundsScan {
  readonly batch?: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Longest key decoded for a path; longer ones are shown cut. */
const MAX_DECODED_KEY_BYTES = 64;
const ATTRIBUTES_PATH = 'to.contactattributes.subscriberattributes';

/**
 * The open objects and arrays, innermost last, as parallel typed arrays of JSON_BODY_BOUNDS.depth
 * slots (no object per bracket): whether each is an array, its keys (object) or commas (array) so
 * far, and an object's current key as [start, end) byte offsets of its text between the quotes.
 */
interface Frames {
  depth: number;
  readonly array: Uint8Array;
  readonly members: Int32Array;
  readonly keyStart: Int32Array;
  readonly keyEnd: Int32Array;
}

function newFrames(): Frames {
  const slots = JSON_BODY_BOUNDS.depth;
  return {
    depth: 0,
    array: new Uint8Array(slots),
    members: new Int32Array(slots),
    keyStart: new Int32Array(slots),
    keyEnd: new Int32Array(slots),
  };
}

function decodeKey(text: Uint8Array, start: number, end: number): string {
  const cut = Math.min(end, start + MAX_DECODED_KEY_BYTES);
  const raw = new TextDecoder().decode(text.subarray(start, cut));
  try {
    return (JSON.parse(`"${raw}"`) as string) + (cut < end ? '…' : '');
  } catch {
    return raw;
  }
}

/**
 * The path of the innermost frame, as violations write it (`To.ContactAttributes.SubscriberAttributes`),
 * or with `ofValue` the path of the value it is at (its current key or element).
 */
function pathOf(text: Uint8Array, frames: Frames, ofValue = false): string {
  let path = '';
  for (let level = 0; level < frames.depth - (ofValue ? 0 : 1); level += 1) {
    path =
      frames.array[level] === 1
        ? `${path}[${frames.members[level]}]`
        : childPath(path, decodeKey(text, frames.keyStart[level]!, frames.keyEnd[level]!));
  }
  return path;
}

/**
 * Checks a JSON body's text (UTF-8) against {@link JSON_BODY_BOUNDS} in one pass that stops at the
 * first bound crossed, and returns the refusal naming the object or array concerned, or undefined.
 * It does not check the syntax: JSON.parse does, afterwards.
 */
export function jsonBodyBoundsError(
  text: Uint8Array,
  scan: JsonBodyBoundsScan = {},
): MarketingCloudValidationError | undefined {
  const maxMembers = scan.batch ? JSON_BODY_BOUNDS.batchMembers : JSON_BODY_BOUNDS.members;
  const frames = newFrames();
  let members = 0;
  let stringStart = 0;
  let stringEnd = 0;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const byte = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) {
        inString = false;
        stringEnd = index;
      }
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
      stringStart = index + 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (frames.depth === JSON_BODY_BOUNDS.depth) return tooDeep(pathOf(text, frames, true));
      const level = frames.depth;
      frames.array[level] = byte === OPEN_ARRAY ? 1 : 0;
      frames.members[level] = 0;
      frames.keyStart[level] = 0;
      frames.keyEnd[level] = 0;
      frames.depth += 1;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (frames.depth > 0) frames.depth -= 1;
    } else if (byte === COLON || byte === COMMA) {
      const level = frames.depth - 1;
      if (level < 0 || (frames.array[level] === 1) !== (byte === COMMA)) continue;
      frames.members[level] += 1;
      members += 1;
      if (byte === COLON) {
        frames.keyStart[level] = stringStart;
        frames.keyEnd[level] = stringEnd;
      }
      const violation = crossedBound(text, frames, members, maxMembers);
      if (violation) return violation;
    }
  }
  return undefined;
}

/** The refusal of an object or array opened at `path`, one level deeper than the bound. */
function tooDeep(path: string): MarketingCloudValidationError {
  const violations = new ViolationList();
  violations.add(
    path || 'request',
    'maxDepth',
    `must nest objects and arrays at most ${JSON_BODY_BOUNDS.depth} deep`,
  );
  return violations.toError('request body');
}

function crossedBound(
  text: Uint8Array,
  frames: Frames,
  members: number,
  maxMembers: number,
): MarketingCloudValidationError | undefined {
  const level = frames.depth - 1;
  const array = frames.array[level] === 1;
  const frameMembers = frames.members[level]!;
  const violations = new ViolationList();
  if (members > maxMembers) {
    violations.add(
      'request',
      'maxMembers',
      `must hold at most ${maxMembers} properties and array elements in all`,
    );
  } else if (array && frameMembers >= JSON_BODY_BOUNDS.elementsPerArray) {
    violations.add(
      pathOf(text, frames) || 'request',
      'maxElements',
      `must have at most ${JSON_BODY_BOUNDS.elementsPerArray} elements`,
    );
  } else if (!array && frameMembers > JSON_BODY_BOUNDS.propertiesPerObject) {
    const path = pathOf(text, frames) || 'request';
    if (path.toLowerCase() === ATTRIBUTES_PATH) {
      // Said as the service's own validation says it.
      violations.add(
        path,
        'isSubscriberAttributes',
        `must hold at most ${MAX_ATTRIBUTES} attributes`,
      );
    } else {
      violations.add(
        path,
        'maxProperties',
        `must have at most ${JSON_BODY_BOUNDS.propertiesPerObject} properties`,
      );
    }
  }
  return violations.size > 0 ? violations.toError('request body') : undefined;
}
