import { isEmail } from 'class-validator';

/**
 * Whether `value` is an email address: class-validator's `isEmail` (validator.js's, default
 * options), the DTO's rule, answered without validator.js for the common form. validator.js
 * merges its options, measures byte lengths through `encodeURI` and runs a dozen regexes per
 * address: most of the fast path's time, twice per send (From and To).
 *
 * A lone surrogate is not an address: validator.js would throw a URIError on it (from
 * `encodeURI`), which would reach the caller as a crash (a 500) instead of naming the field.
 */
export function isEmailAddress(value: string): boolean {
  return isCommonEmailAddress(value) || (!LONE_SURROGATE.test(value) && isEmail(value));
}

const LONE_SURROGATE = /\p{Cs}/u;
/** validator.js's own limit for a whole address (RFC 5321's path limit). */
const MAX_EMAIL_LENGTH = 254;

/**
 * A sufficient condition for validator.js's `isEmail` (never yes where it says no; `false` only
 * means "ask it"): ASCII `local@domain`, at most {@link MAX_EMAIL_LENGTH} characters, where
 * - local is 1 to 64 characters of letters, digits and `_ + -`, in dot-separated non-empty parts;
 * - domain is 2 or more dot-separated labels of 1 to 63 letters, digits and `-`, none starting or
 *   ending with `-`, the last one (the TLD) letters only, at least 2.
 * Every such address passes each of validator.js's checks (length, one `@`, 64-byte local part,
 * `emailUserUtf8Part` per dot part, `isFQDN` with a TLD and no underscore); the rest of its
 * alphabet (quoted local parts, `! # $ % & ' * / = ? ^ \` { | } ~`, Unicode, IP literals) is left
 * to it. common-email-address.spec.ts holds the two together on generated strings.
 */
export function isCommonEmailAddress(value: string): boolean {
  const length = value.length;
  if (length > MAX_EMAIL_LENGTH) return false;
  const at = value.indexOf('@');
  if (at < 1 || at > MAX_LOCAL_LENGTH) return false;
  // Local part: no dot first, last or twice in a row.
  let previous = DOT;
  for (let index = 0; index < at; index += 1) {
    const code = value.charCodeAt(index);
    if (code === DOT) {
      if (previous === DOT) return false;
    } else if (!isAlphanumeric(code) && code !== UNDERSCORE && code !== PLUS && code !== HYPHEN) {
      return false;
    }
    previous = code;
  }
  if (previous === DOT) return false;
  // Domain: labels; `labels` counts the dots seen, `lettersOnly` is about the current label.
  let labelStart = at + 1;
  let labels = 0;
  let lettersOnly = true;
  for (let index = labelStart; index <= length; index += 1) {
    const code = index === length ? DOT : value.charCodeAt(index);
    if (code === DOT) {
      const labelLength = index - labelStart;
      if (labelLength < 1 || labelLength > MAX_LABEL_LENGTH) return false;
      if (value.charCodeAt(labelStart) === HYPHEN || value.charCodeAt(index - 1) === HYPHEN) {
        return false;
      }
      if (index === length) return labels >= 1 && lettersOnly && labelLength >= 2;
      labels += 1;
      labelStart = index + 1;
      lettersOnly = true;
    } else if (isLetter(code)) {
      // A letter keeps the label a possible TLD.
    } else if (isDigit(code) || code === HYPHEN) {
      lettersOnly = false;
    } else {
      return false;
    }
  }
  return false;
}

const MAX_LOCAL_LENGTH = 64;
const MAX_LABEL_LENGTH = 63;
const DOT = 0x2e;
const UNDERSCORE = 0x5f;
const PLUS = 0x2b;
const HYPHEN = 0x2d;

const isLetter = (code: number) => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isAlphanumeric = (code: number) => isLetter(code) || isDigit(code);
