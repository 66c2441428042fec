import type { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { MAX_PROPERTIES_PER_OBJECT } from './normalise-send-request.js';
import { childPath } from './property-path.js';
import { MAX_ATTRIBUTES } from './triggered-send-request.dto.js';
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
  /** Keys and array elements in the whole body. */
  members: 20_000,
});

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

interface Frame {
  readonly array: boolean;
  /** Keys (object) or commas (array) so far. */
  members: number;
  /** The object's current key, as [start, end) byte offsets of its text between the quotes. */
  keyStart: number;
  keyEnd: number;
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

/** The path of the innermost frame, as violations write it (`To.ContactAttributes.SubscriberAttributes`). */
function pathOf(text: Uint8Array, frames: readonly Frame[]): string {
  let path = '';
  for (const frame of frames.slice(0, -1)) {
    path = frame.array
      ? `${path}[${frame.members}]`
      : childPath(path, decodeKey(text, frame.keyStart, frame.keyEnd));
  }
  return path;
}

/**
 * Checks a JSON body's text (UTF-8) against {@link JSON_BODY_BOUNDS} in one pass that stops at the
 * first bound crossed, and returns the refusal naming the object or array concerned, or undefined.
 * It does not check the syntax: JSON.parse does, afterwards.
 */
export function jsonBodyBoundsError(text: Uint8Array): MarketingCloudValidationError | undefined {
  const frames: Frame[] = [];
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
      frames.push({ array: byte === OPEN_ARRAY, members: 0, keyStart: 0, keyEnd: 0 });
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      frames.pop();
    } else if (byte === COLON || byte === COMMA) {
      const frame = frames.at(-1);
      if (frame === undefined || frame.array !== (byte === COMMA)) continue;
      frame.members += 1;
      members += 1;
      if (!frame.array) {
        frame.keyStart = stringStart;
        frame.keyEnd = stringEnd;
      }
      const violation = crossedBound(text, frames, frame, members);
      if (violation) return violation;
    }
  }
  return undefined;
}

function crossedBound(
  text: Uint8Array,
  frames: readonly Frame[],
  frame: Frame,
  members: number,
): MarketingCloudValidationError | undefined {
  const violations = new ViolationList();
  if (members > JSON_BODY_BOUNDS.members) {
    violations.add(
      'request',
      'maxMembers',
      `must hold at most ${JSON_BODY_BOUNDS.members} properties and array elements in all`,
    );
  } else if (frame.array && frame.members >= JSON_BODY_BOUNDS.elementsPerArray) {
    violations.add(
      pathOf(text, frames) || 'request',
      'maxElements',
      `must have at most ${JSON_BODY_BOUNDS.elementsPerArray} elements`,
    );
  } else if (!frame.array && frame.members > JSON_BODY_BOUNDS.propertiesPerObject) {
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
