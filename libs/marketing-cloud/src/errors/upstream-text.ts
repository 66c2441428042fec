/**
 * Text that Marketing Cloud (or a proxy in front of it) wrote, made safe to copy into an error
 * message or a log line: control, format and line/paragraph-separator characters become spaces (no
 * forged log lines, no invisible text), known secrets and anything shaped like a bearer token are
 * replaced by `[redacted]`, and the result is capped.
 */

/** Longest upstream text kept in a message, in UTF-16 units (an `error_description` is a sentence). */
export const MAX_UPSTREAM_TEXT_LENGTH = 300;

const REDACTED = '[redacted]';

// Cf (zero-width, bidi marks, BOM) is invisible: dropped, so it cannot hide a secret from the scrub.
const FORMAT_CHARACTERS = /\p{Cf}+/gu;
// Cc (C0, DEL, C1) and Zl / Zp (U+2028, U+2029) break lines: each run becomes a space.
const CONTROL_CHARACTERS = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
// A long unbroken run of token characters: an access token, a JWT, a hash. GUIDs (36) and URL
// path segments stay; `/` is left out so links to the documentation survive.
const TOKEN_LIKE = /[A-Za-z0-9._~+=-]{40,}/g;

/** Below this length a "secret" is not scrubbed: replacing a 1-3 character value would garble the text. */
const MIN_SCRUBBED_LENGTH = 4;

export function sanitizeUpstreamText(text: string, secrets: readonly string[] = []): string {
  // The whole text is scanned (it is bounded by maxResponseBytes): cutting first could split a secret.
  let safe = text.replace(FORMAT_CHARACTERS, '').replace(CONTROL_CHARACTERS, ' ');
  for (const secret of secrets) {
    if (secret.length >= MIN_SCRUBBED_LENGTH) safe = safe.split(secret).join(REDACTED);
  }
  safe = safe.replace(BEARER, `Bearer ${REDACTED}`).replace(TOKEN_LIKE, REDACTED);
  safe = safe.replace(/\s+/g, ' ').trim();
  return safe.length > MAX_UPSTREAM_TEXT_LENGTH
    ? `${safe.slice(0, MAX_UPSTREAM_TEXT_LENGTH - 1)}…`
    : safe;
}
