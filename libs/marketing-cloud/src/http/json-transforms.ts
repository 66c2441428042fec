/**
 * The module's axios transforms, one step each way. axios's defaults test every request body for a
 * form, a stream, a Blob, a buffer or URLSearchParams before they serialise it, and JSON-parse each
 * answer only after reading their options; the module sends only its own JSON objects, so one
 * `JSON.stringify` and one `JSON.parse` do the same work.
 */

/** A request body to JSON, once. `undefined` (no body) and strings (already serialised) pass as they are. */
export function serializeJsonBody(data: unknown): unknown {
  return data === undefined || typeof data === 'string' ? data : JSON.stringify(data);
}

/**
 * An answer's body parsed once. A body that is not JSON (an HTML error page from a proxy) stays the
 * string it was, as with axios's default silent parsing, so the caller can still say what came.
 */
export function parseJsonBody(data: unknown): unknown {
  if (typeof data !== 'string' || data === '') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
