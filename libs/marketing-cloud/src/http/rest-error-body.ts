import { field, stringField } from './json-fields.js';

/** The REST-wide error body (§2.4): `errorcode` in lower case, though an SDK spec says `errorCode`. */
export interface RestErrorBody {
  message: string | undefined;
  errorCode: number | undefined;
  retryAfterSeconds: number | undefined;
}

function nonNegativeNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

/** Reads `{ message, errorcode, retryAfter }` from a parsed body; fields that are absent stay undefined. */
export function parseRestErrorBody(data: unknown): RestErrorBody {
  return {
    message: stringField(data, 'message'),
    errorCode: nonNegativeNumber(field(data, 'errorcode') ?? field(data, 'errorCode')),
    retryAfterSeconds: nonNegativeNumber(field(data, 'retryAfter')),
  };
}

/** `Retry-After` as seconds: "a non-negative decimal integer" (documented) or an HTTP date. */
export function parseRetryAfterHeader(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = nonNegativeNumber(value);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
