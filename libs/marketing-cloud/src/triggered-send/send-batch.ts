import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { NO_TELEMETRY, type MarketingCloudTelemetry } from '../telemetry/telemetry.port.js';
import { parseSendBatchResponse } from './parse-send-batch-response.js';
import type { TriggeredSendBatchResult } from './send-batch-result.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import type { MarketingCloudCallOptions } from './triggered-send-result.js';

export interface SendBatchPlan {
  /** The definition as the caller gave it (for results and messages). */
  readonly definition: string;
  /** The sendBatch path below the REST base URL, the definition validated and encoded. */
  readonly path: string;
  /** The validated requests, in input order. */
  readonly bodies: readonly TriggeredSendRequest[];
  readonly call: MarketingCloudCallOptions;
  /** Requests per sendBatch request, at most. */
  readonly batchSize: number;
  /**
   * Bytes of one sendBatch request's JSON body, at most (`maxResponseBytes`, which bounds request
   * bodies too): chunks are cut by size as well as by count, so that valid requests are never
   * refused as a whole chunk for the size of their neighbours.
   */
  readonly maxBodyBytes: number;
  /** Chunks in flight at once for this call (the http client's limit still applies on top). */
  readonly parallelism: number;
}

/** A slice of the batch and the input position of its first request. */
export interface BatchChunk<T> {
  readonly first: number;
  readonly items: T[];
}

/**
 * `items` in consecutive chunks of at most `maxCount` items whose JSON array text is at most
 * `maxBytes` UTF-8 bytes (`[`, `]` and the commas counted). An item too large on its own gets a
 * chunk of its own, so that its refusal is its own and not its neighbours'.
 */
export function chunksBySize<T>(
  items: readonly T[],
  maxCount: number,
  maxBytes: number,
): BatchChunk<T>[] {
  const chunks: BatchChunk<T>[] = [];
  let current: BatchChunk<T> | undefined;
  let bytes = 0;
  for (const [index, item] of items.entries()) {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8');
    // `[` + `]` for a new chunk; `,` + the item when it joins one.
    const fits =
      current !== undefined && current.items.length < maxCount && bytes + 1 + size <= maxBytes;
    if (fits) {
      current!.items.push(item);
      bytes += 1 + size;
    } else {
      current = { first: index, items: [item] };
      chunks.push(current);
      bytes = 2 + size;
    }
  }
  return chunks;
}

/** Runs `work` on every item, at most `limit` at a time, and resolves when all have settled. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Sends validated requests as sendBatch chunks through the http client, so each chunk gets the
 * concurrency limit, the deadline and the retry policy of a non-idempotent call: retried only
 * when Marketing Cloud certainly did not act (429, 503, 401 with a fresh token, a refused
 * connection), never after a timeout, a reset or a 5xx once sent. Resolves to one result per
 * request in input order; a chunk that fails as a whole gives its error to each of its requests.
 */
export async function sendBatchInChunks(
  http: MarketingCloudHttpClient,
  plan: SendBatchPlan,
  telemetry: MarketingCloudTelemetry = NO_TELEMETRY,
): Promise<TriggeredSendBatchResult[]> {
  const results: TriggeredSendBatchResult[] = Array.from({ length: plan.bodies.length });
  const chunks = chunksBySize(plan.bodies, plan.batchSize, plan.maxBodyBytes);
  await forEachBounded(chunks, plan.parallelism, async ({ first, items: chunk }) => {
    const contexts = chunk.map((body) => ({
      definition: plan.definition,
      requestType: body.Options?.RequestType ?? 'ASYNC',
    }));
    let outcome: ReturnType<typeof parseSendBatchResponse>;
    try {
      // One span per sendBatch request; a whole-request failure is its error.
      outcome = await telemetry.operation(
        { operation: 'batch_send', definition: plan.definition, batchSize: chunk.length },
        async (observer) => {
          const answer = await http.request({
            method: 'POST',
            path: plan.path,
            body: chunk,
            what: 'batch send',
            idempotent: false,
            logContext: `of ${chunk.length} recipients (from #${first}) via ${plan.definition}`,
            observer,
            ...plan.call,
          });
          const parsed = parseSendBatchResponse(answer, contexts);
          if (parsed instanceof MarketingCloudError) throw parsed;
          return parsed;
        },
      );
    } catch (error) {
      outcome =
        error instanceof MarketingCloudError
          ? error
          : new MarketingCloudUnavailableError(
              'The batch send failed in an unexpected way. The emails may or may not have been queued.',
              { retryable: false, maybeSent: true },
            );
    }
    for (const [offset] of chunk.entries()) {
      const index = first + offset;
      const result = outcome instanceof MarketingCloudError ? outcome : outcome[offset];
      results[index] =
        result instanceof MarketingCloudError
          ? { status: 'failed', index, error: result }
          : { status: 'accepted', index, result: result! };
    }
  });
  return results;
}
