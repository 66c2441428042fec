/**
 * How violations name a property. Keys come from the caller, so a key is shown short and with its
 * invisible characters escaped: a refusal stays small and on one line, whatever the key.
 */

/** Most characters a key takes in a path; a longer key is cut and ends in `…`. */
export const MAX_DISPLAYED_KEY_LENGTH = 32;

/**
 * Characters a path never shows raw: controls (C0, DEL, C1), format characters (Cf: RLM, ZWSP,
 * BOM, bidirectional overrides), line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

function escaped(character: string): string {
  if (character === '"' || character === '\\') return `\\${character}`;
  if (!INVISIBLE.test(character)) return character;
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A key as a path shows it: as it is, unless it holds invisible characters (then quoted, JSON
 * style, each one escaped as `\uXXXX`) or is blank at the top (quoted: `[""]`). At most
 * {@link MAX_DISPLAYED_KEY_LENGTH} characters are shown, then `…`.
 */
export function displayKey(key: string, top = false): string {
  const head = key.slice(0, MAX_DISPLAYED_KEY_LENGTH + 1);
  const quoted = INVISIBLE.test(head) || (top && key.trim() === '');
  let shown = '';
  for (const character of head) {
    const piece = quoted ? escaped(character) : character;
    if (shown.length + piece.length > MAX_DISPLAYED_KEY_LENGTH) {
      shown += '…';
      break;
    }
    shown += piece;
  }
  return quoted ? `["${shown}"]` : shown;
}

/** The path of `key` inside `parent` (`To.Address`); `parent` is '' at the top of the request. */
export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${displayKey(key)}` : displayKey(key, true);
}
