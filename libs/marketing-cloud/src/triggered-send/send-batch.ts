import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
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
  /** Requests per sendBatch request. */
  readonly batchSize: number;
  /** Chunks in flight at once for this call (the http client's limit still applies on top). */
  readonly parallelism: number;
}

/** `items` in consecutive slices of `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
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
): Promise<TriggeredSendBatchResult[]> {
  const results: TriggeredSendBatchResult[] = Array.from({ length: plan.bodies.length });
  const chunks = chunksOf(plan.bodies, plan.batchSize);
  await forEachBounded(chunks, plan.parallelism, async (chunk, chunkIndex) => {
    const first = chunkIndex * plan.batchSize;
    const contexts = chunk.map((body) => ({
      definition: plan.definition,
      requestType: body.Options?.RequestType ?? 'ASYNC',
    }));
    let outcome: ReturnType<typeof parseSendBatchResponse>;
    try {
      const answer = await http.request({
        method: 'POST',
        path: plan.path,
        body: chunk,
        what: 'batch send',
        idempotent: false,
        logContext: `of ${chunk.length} recipients (from #${first}) via ${plan.definition}`,
        ...plan.call,
      });
      outcome = parseSendBatchResponse(answer, contexts);
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
