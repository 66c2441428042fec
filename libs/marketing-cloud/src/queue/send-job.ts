import { createHash } from 'node:crypto';
import type { TriggeredSendRequest } from '../triggered-send/triggered-send-request.dto.js';

/** The longest idempotencyKey accepted (UTF-16 units). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** What a failed attempt leaves on its job, for `getStatus` and the failed-jobs view. */
export interface SendFailure {
  /** The error class, e.g. `MarketingCloudNoValidSubscribersError`. */
  readonly name: string;
  readonly message: string;
  /** Marketing Cloud's code (`errorcode` / `messageErrorCode`), when it gave one. */
  readonly errorCode: number | undefined;
  /** True when Marketing Cloud certainly did not act: sending again cannot email twice. */
  readonly retryable: boolean;
  /** True when Marketing Cloud may have sent the email: the queue never sends it again by itself. */
  readonly maybeSent: boolean;
}

/** A queued send as stored in Redis: the validated, normalised request, never a secret. */
export interface SendJobData {
  readonly definition: string;
  readonly request: TriggeredSendRequest;
  /** Hash of (definition, request): the same idempotencyKey must always carry the same send. */
  readonly fingerprint: string;
  /** The last failure, once an attempt failed. */
  readonly failure?: SendFailure;
}

/** What a sent job keeps. */
export interface SendJobResult {
  readonly recipientSendId: string;
  readonly requestId: string;
  readonly messages: readonly string[];
}

/**
 * The BullMQ job id of an idempotencyKey. BullMQ adds a job only when its id is new, atomically, so
 * the same key from any number of processes at once makes one job. Hashed: a key may hold personal
 * data (an order number, an address), and ids appear in Redis keys and in logs.
 */
export function jobIdForKey(idempotencyKey: string): string {
  return `send-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40)}`;
}

/** JSON with object keys sorted, so equal requests written in another key order hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sendFingerprint(definition: string, request: TriggeredSendRequest): string {
  return createHash('sha256')
    .update(canonicalJson([definition, request]), 'utf8')
    .digest('hex')
    .slice(0, 32);
}
