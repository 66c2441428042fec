/** The default of QUEUE_CONCURRENCY: sends at once in the sample app's queue worker. */
export const DEFAULT_QUEUE_CONCURRENCY = 8;
const MAX_QUEUE_CONCURRENCY = 1_000;

/**
 * QUEUE_CONCURRENCY as a number: unset or empty (as in .env.example) takes the default; anything
 * else must be a whole number from 1 to 1000, or the start-up error names the variable.
 */
export function queueConcurrencyFrom(raw: string | undefined): number {
  const text = raw?.trim() ?? '';
  if (text === '') return DEFAULT_QUEUE_CONCURRENCY;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_QUEUE_CONCURRENCY)) {
    throw new Error(
      `QUEUE_CONCURRENCY must be a whole number from 1 to ${MAX_QUEUE_CONCURRENCY} (got ${JSON.stringify(text.slice(0, 40))}). See .env.example.`,
    );
  }
  return value;
}
