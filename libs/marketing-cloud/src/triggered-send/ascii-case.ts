/**
 * ASCII case-insensitive comparison, as the send request's property names are matched: only A-Z
 * fold to a-z, so no other character (the Kelvin sign, a dotless i, a long s, whose
 * `toLowerCase()` or `toUpperCase()` is an ASCII letter) ever matches a letter. No string is
 * made: these run on every property of every send.
 */

/** `value` equals `lower` (lower-case ASCII) once its A-Z are folded to a-z. */
export function equalsIgnoringAsciiCase(value: string, lower: string): boolean {
  if (value.length !== lower.length) return false;
  for (let index = 0; index < lower.length; index += 1) {
    const code = value.charCodeAt(index);
    const folded = code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
    if (folded !== lower.charCodeAt(index)) return false;
  }
  return true;
}

/** `a` and `b` are the same once the A-Z of both are folded to a-z. */
export function sameIgnoringAsciiCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    const folded = x | 0x20;
    if (folded !== (y | 0x20) || folded < 0x61 || folded > 0x7a) return false;
  }
  return true;
}

export function isAscii(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    if (value.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}
