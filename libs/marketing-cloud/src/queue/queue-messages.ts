/**
 * Every message the queue writes, in one place. Like the module's own (errors/error-messages.ts),
 * they say how to fix the problem and never hold a token, a secret or a connection URL.
 */

export function queueConfigurationMessage(problems: readonly string[]): string {
  return [
    'MarketingCloudQueueModule options are invalid:',
    ...problems.map((problem) => `  - ${problem}`),
    'Potential solutions:',
    '  - Fix the options passed to MarketingCloudQueueModule.forRoot(), or returned by the forRootAsync() factory.',
    '  - Every queue option and its default is listed in the README, under "Queued sends".',
  ].join('\n');
}

export function queueUnavailableMessage(reason: string): string {
  return `The send was not queued: Redis did not accept it (${reason}). Nothing was stored; enqueue it again with the same idempotencyKey once Redis is back.`;
}

export function idempotencyConflictMessage(): string {
  return 'options.idempotencyKey was already used for a different send within the idempotency window. Use a new key for a new send; the same key must always carry the same definition and request.';
}

export function idempotencyKeyMessage(maxLength: number): string {
  return `options.idempotencyKey must be a non-empty string of at most ${maxLength} characters`;
}

export function maybeSentAfterInterruptionMessage(): string {
  return 'A worker was interrupted (crash, kill, lost lock) after it started this send: Marketing Cloud may have sent the email. The queue does not send it again by itself; check the recipient, then re-enqueue explicitly if needed.';
}

export function serviceMissingMessage(): string {
  return [
    'MarketingCloudQueueModule runs a worker but found no TriggeredSendService.',
    'Potential solutions:',
    '  - Import MarketingCloudModule.forRoot() / forRootAsync() in the same application.',
    '  - Or set worker: false in this process and run the workers where MarketingCloudModule is.',
  ].join('\n');
}

export function notRetriableMessage(jobId: string, state: string): string {
  return `Job ${jobId} is ${state}: only failed jobs can be enqueued again.`;
}

export function maybeSentRetryMessage(jobId: string): string {
  return `Job ${jobId} may have been sent: enqueue it again only after checking the recipient, with { evenIfMaybeSent: true }.`;
}
