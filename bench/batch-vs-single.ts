/**
 * One by one vs sendBatch (issue 11): 10,000 recipients against an emulator that answers every
 * request after 100 ms (`--latency-ms 100`, a distant tenant), through the module with its default
 * options. One by one: 32 callers each awaiting `send()` in turn, the module's default
 * `maxConcurrentRequests` (32). sendBatch: one `sendBatch()` call of 10,000 requests, chunks of the
 * default `batchSize` (50). Wall time from the first call to the last result, and the requests on
 * the wire (counted in this process). Run with `npm run bench:batch` (RECIPIENTS=2000 for less).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { performance } from 'node:perf_hooks';
import {
  MARKETING_CLOUD_DEFAULTS,
  MarketingCloudModule,
  TriggeredSendService,
} from 'nestjs-marketing-cloud';
import { startEmulatorProcess } from './support/emulator-process.js';
import { countWireRequests } from './support/wire-counter.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  DEFINITION,
  runClosedLoop,
  sendBody,
} from './support/workload.js';

const RECIPIENTS = Number(process.env['RECIPIENTS'] ?? 10_000);
const LATENCY_MS = 100;

const wire = countWireRequests();
const emulator = await startEmulatorProcess({ record: false, latencyMs: LATENCY_MS });
const app = await NestFactory.createApplicationContext(
  MarketingCloudModule.forRoot({
    authBaseUrl: emulator.authBaseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
  }),
  { logger: false },
);
const triggeredSends = app.get(TriggeredSendService);

interface Row {
  mode: string;
  seconds: number;
  accepted: number;
  sendRequests: number;
  sendBatchRequests: number;
  tokenRequests: number;
}

async function measure(mode: string, run: () => Promise<number>): Promise<Row> {
  wire.reset();
  const startedAt = performance.now();
  const accepted = await run();
  const seconds = (performance.now() - startedAt) / 1000;
  const { sendRequests, sendBatchRequests, tokenRequests } = wire.counts;
  return { mode, seconds, accepted, sendRequests, sendBatchRequests, tokenRequests };
}

try {
  // Warm the token first, so both modes start alike.
  await triggeredSends.send(DEFINITION, sendBody());
  const concurrency = MARKETING_CLOUD_DEFAULTS.maxConcurrentRequests;
  const rows = [
    await measure(`send() one by one, ${concurrency} callers`, async () => {
      const load = await runClosedLoop(concurrency, RECIPIENTS, async () => {
        await triggeredSends.send(DEFINITION, sendBody());
      });
      return RECIPIENTS - load.failures;
    }),
    await measure(`sendBatch(), batchSize ${MARKETING_CLOUD_DEFAULTS.batchSize}`, async () => {
      const requests = Array.from({ length: RECIPIENTS }, () => sendBody());
      const results = await triggeredSends.sendBatch(DEFINITION, requests);
      return results.filter((result) => result.status === 'accepted').length;
    }),
  ];
  console.log(
    `batch vs single: ${RECIPIENTS} recipients, emulator latency ${LATENCY_MS} ms, module defaults, node ${process.version}\n`,
  );
  console.log('| mode | wall time (s) | accepted | HTTP requests (send / sendBatch / token) |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.mode} | ${row.seconds.toFixed(2)} | ${row.accepted} | ${row.sendRequests + row.sendBatchRequests + row.tokenRequests} (${row.sendRequests} / ${row.sendBatchRequests} / ${row.tokenRequests}) |`,
    );
  }
} finally {
  await app.close();
  await emulator.stop();
}
