/**
 * undici's failures worded as node:http's, which are what axios's http adapter passes on (its
 * AxiosError keeps the system error's `code` and message) and what the module's messages and users'
 * code already know. System errors (ECONNREFUSED and ENOTFOUND from connect(), ECONNRESET and EPIPE
 * from the socket) are the same objects in both and pass as they are.
 */

/**
 * node's codes for llhttp's commonest reasons. undici 7 drops the code of its parse errors (it looks
 * the llhttp error number up in a name-to-number table), so it is found again from the reason.
 */
const PARSE_ERROR_CODES: Readonly<Record<string, string>> = {
  'Expected HTTP/, RTSP/ or ICE/': 'HPE_INVALID_CONSTANT',
  'Expected HTTP/': 'HPE_INVALID_CONSTANT',
  'Invalid status code': 'HPE_INVALID_STATUS',
  'Invalid header value char': 'HPE_INVALID_HEADER_TOKEN',
  'Invalid header field char': 'HPE_INVALID_HEADER_TOKEN',
  'Invalid character in Content-Length': 'HPE_INVALID_CONTENT_LENGTH',
  'Duplicate Content-Length': 'HPE_UNEXPECTED_CONTENT_LENGTH',
  'Invalid character in chunk size': 'HPE_INVALID_CHUNK_SIZE',
};
/** The code of a parse error whose reason is not in the table above. */
const OTHER_PARSE_ERROR = 'HPE_INVALID_RESPONSE';
const UNDICI_PARSE_REASON = /^Response does not match the HTTP\/1\.1 protocol \((.*)\)$/s;

/** An error with node's `code`, as node:http makes its own. */
function nodeError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The error node:http gives where undici gave `error` before any answer came. */
export function asNodeHttpError(error: Error): Error {
  const { code } = error as { code?: unknown };
  // The connection closed before an answer: node says "socket hang up".
  if (code === 'UND_ERR_SOCKET') return nodeError('socket hang up', 'ECONNRESET');
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return nodeError('Parse Error: Header overflow', 'HPE_HEADER_OVERFLOW');
  }
  // Both parse with llhttp; node words it "Parse Error: <reason>".
  if (error.name === 'HTTPParserError') {
    const reason = UNDICI_PARSE_REASON.exec(error.message)?.[1] ?? error.message;
    const known = typeof code === 'string' ? code : PARSE_ERROR_CODES[reason];
    return nodeError(`Parse Error: ${reason}`, known ?? OTHER_PARSE_ERROR);
  }
  return error;
}

/**
 * Whether `error`, after the status line and headers came, is the connection going away mid-body:
 * node:http's answer stream then emits `aborted`, which axios's http adapter reports as "stream has
 * been aborted".
 */
export function isCutOffMidBody(error: Error): boolean {
  const { code } = error as { code?: unknown };
  return (
    code === 'UND_ERR_SOCKET' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE'
  );
}
