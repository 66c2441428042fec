import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler answers; the server writes it (possibly late, or not at all under a fault). */
export interface EmulatorResponse {
  status: number;
  /** An object or array is sent as JSON; a string is sent as is. Undefined sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): EmulatorResponse {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export interface ReceivedBody {
  text: string;
  /** True when the body exceeded the size limit; `text` is then empty. */
  tooLarge: boolean;
}

/** Reads the whole body, keeping at most `limit` bytes (the rest is drained, so the client sees an answer). */
export function readBody(request: IncomingMessage, limit: number): Promise<ReceivedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => {
      const tooLarge = size > limit;
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge });
    });
    request.on('error', reject);
  });
}

export function writeResponse(response: ServerResponse, answer: EmulatorResponse): void {
  // Lower-cased so that a caller's `Content-Type` replaces the default instead of doubling it.
  const headers: Record<string, string | number> = Object.fromEntries(
    Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  let payload: string | undefined;
  if (typeof answer.body === 'string') {
    payload = answer.body;
  } else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = payload === undefined ? 0 : Buffer.byteLength(payload);
  response.writeHead(answer.status, headers);
  response.end(payload);
}

/** True when the Content-Type header names JSON (any charset). */
export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Parses JSON, returning `undefined` instead of throwing (an explicit `null` body stays `null`). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
