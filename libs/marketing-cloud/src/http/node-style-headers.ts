/**
 * Header names whose repeats node:http drops (the first value wins), as IncomingMessage#headers
 * does: a second Content-Type or Location is not a list.
 */
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * An answer's raw header lines (name, value, name, value…, as undici gives them) in the shape of
 * node:http's `IncomingMessage#headers`, which is what axios's http adapter hands to users: names
 * in lower case, `set-cookie` always an array, repeated `cookie` lines joined with "; ", other
 * repeats joined with ", " except the single-valued names above, whose first value wins.
 */
export function nodeStyleHeaders(
  rawHeaders: readonly (Buffer | string)[],
): Record<string, string | string[]> {
  // No prototype: a header named `__proto__` is a header like any other.
  const headers = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toString('latin1').toLowerCase();
    const value = rawHeaders[i + 1]!.toString('latin1');
    const previous = headers[name];
    if (name === 'set-cookie') {
      if (previous === undefined) headers[name] = [value];
      else (previous as string[]).push(value);
    } else if (previous === undefined) {
      headers[name] = value;
    } else if (name === 'cookie') {
      headers[name] = `${previous as string}; ${value}`;
    } else if (!SINGLE_VALUED.has(name)) {
      headers[name] = `${previous as string}, ${value}`;
    }
  }
  return headers;
}
