/**
 * Shared pieces of the queue runs (bench/queue/*.ts): a producer in this process, waiting for the
 * queue to drain, and the ground-truth comparison with the emulator's record.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import {
  MarketingCloudQueueModule,
  TriggeredSendQueue,
  type TriggeredSendJobStatus,
} from 'nestjs-marketing-cloud/queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { startQueueChild, type QueueChild } from '../../test/support/queue-children.js';
import type { QueueChildConfig } from './queue-child.js';

export interface Producer {
  readonly queue: TriggeredSendQueue;
  close(): Promise<void>;
}

/** A process-local producer (no worker) on the queue `prefix`. */
export async function startProducer(redisUrl: string, prefix: string): Promise<Producer> {
  @Module({
    imports: [MarketingCloudQueueModule.forRoot({ connection: redisUrl, prefix, worker: false })],
  })
  class ProducerModule {}
  const app = await NestFactory.createApplicationContext(ProducerModule, { logger: false });
  return { queue: app.get(TriggeredSendQueue), close: () => app.close() };
}

/** A worker process's config: the queue `prefix`, one token shared through Redis under it. */
export function workerConfig(
  redisUrl: string,
  prefix: string,
  authBaseUrl: string,
  worker: NonNullable<QueueChildConfig['worker']>,
): QueueChildConfig {
  return {
    mode: 'worker',
    redisUrl,
    prefix,
    authBaseUrl,
    tokenKeyPrefix: `${prefix}:token`,
    worker,
  };
}

/** Starts `count` worker processes with the same config, and waits until all are ready. */
export function startWorkers(count: number, config: QueueChildConfig): Promise<QueueChild[]> {
  return Promise.all(Array.from({ length: count }, () => startQueueChild(config)));
}

/** Waits until `total` jobs are finished (sent or failed), printing progress; bounded by `timeoutMs`. */
export async function waitForDrain(
  queue: TriggeredSendQueue,
  total: number,
  timeoutMs: number,
  onTick: (finished: number) => void = () => {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.counts().catch(() => undefined);
    const finished = counts ? counts.completed + counts.failed : 0;
    onTick(finished);
    if (finished >= total) return;
    if (Date.now() > deadline)
      throw new Error(`not drained after ${timeoutMs} ms: ${finished} of ${total} finished`);
    await sleep(250);
  }
}

export interface GroundTruth {
  jobs: number;
  /** Jobs not in a final state. */
  lost: number;
  sent: number;
  sentWithExactlyOneEmail: number;
  failedCertain: number;
  failedCertainWithNoEmail: number;
  maybeSent: number;
  maybeSentWithAnEmail: number;
  /** Addresses that received more than one email. */
  doubled: number;
  emails: number;
}

/** Compares every job's status with the emails the emulator accepted (its record is the truth). */
export async function compareWithEmulator(
  queue: TriggeredSendQueue,
  jobs: readonly { jobId: string; address: string }[],
  emulator: MarketingCloudEmulator,
): Promise<GroundTruth> {
  const emailsTo = new Map<string, number>();
  for (const send of emulator.records.sends) {
    emailsTo.set(send.to.address, (emailsTo.get(send.to.address) ?? 0) + 1);
  }
  const truth: GroundTruth = {
    jobs: jobs.length,
    lost: 0,
    sent: 0,
    sentWithExactlyOneEmail: 0,
    failedCertain: 0,
    failedCertainWithNoEmail: 0,
    maybeSent: 0,
    maybeSentWithAnEmail: 0,
    doubled: [...emailsTo.values()].filter((count) => count > 1).length,
    emails: emulator.records.sends.length,
  };
  for (let index = 0; index < jobs.length; index += 200) {
    const slice = jobs.slice(index, index + 200);
    const statuses = await Promise.all(slice.map((job) => queue.getStatus(job.jobId)));
    statuses.forEach((status: TriggeredSendJobStatus | undefined, i) => {
      const emails = emailsTo.get(slice[i]!.address) ?? 0;
      if (status?.state === 'sent') {
        truth.sent += 1;
        if (emails === 1) truth.sentWithExactlyOneEmail += 1;
      } else if (status?.state === 'failed' && status.error.maybeSent) {
        truth.maybeSent += 1;
        if (emails > 0) truth.maybeSentWithAnEmail += 1;
      } else if (status?.state === 'failed') {
        truth.failedCertain += 1;
        if (emails === 0) truth.failedCertainWithNoEmail += 1;
      } else {
        truth.lost += 1;
      }
    });
  }
  return truth;
}

/** Enqueues `count` jobs (one recipient each), `parallel` at a time; returns them with their enqueue latencies. */
export async function enqueueMany(
  queue: TriggeredSendQueue,
  count: number,
  label: string,
  parallel = 50,
): Promise<{ jobs: { jobId: string; address: string }[]; latenciesMs: number[] }> {
  const jobs: { jobId: string; address: string }[] = [];
  const latenciesMs: number[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) => start + i);
    const done = await Promise.all(
      batch.map(async (index) => {
        const address = `${label}-${index}@example.com`;
        const began = performance.now();
        const { jobId } = await queue.enqueue(
          'key:external_key',
          { To: { Address: address, SubscriberKey: address } },
          { idempotencyKey: `${label}-${index}` },
        );
        latenciesMs.push(performance.now() - began);
        return { jobId, address };
      }),
    );
    jobs.push(...done);
  }
  return { jobs, latenciesMs };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
