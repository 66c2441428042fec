/**
 * Shutdown of the sample app with 500 sends in flight through its HTTP route: what each caller is
 * answered, against what the emulator recorded. A caller told "retryable" must never have had its
 * email queued (it would send it twice); every send that may have been queued must say so, with a
 * status that meshes and clients do not retry.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MarketingCloudHttpClient } from 'nestjs-marketing-cloud';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MarketingCloudTarget } from '../src/config/marketing-cloud-target.js';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { sendBody } from './fixtures/emulator-http.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

const SENDS = 500;
const MAX_CONCURRENT_REQUESTS = 32;

interface Answer {
  readonly address: string;
  readonly status: number;
  readonly body: { retryable?: boolean; maybeSent?: boolean; error?: string };
}

describe('sample app shutdown (SIGTERM / app.close()) with 500 sends in flight', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;
  const answers: Answer[] = [];

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
    restoreEnvironment = setEnvironment({});
    app = await createSampleApp(undefined, (builder) =>
      builder.overrideProvider(MarketingCloudTarget).useValue(
        new MarketingCloudTarget(
          {
            authBaseUrl: emulator.authBaseUrl,
            clientId: DEFAULT_EMULATOR_CLIENT.clientId,
            clientSecret: DEFAULT_EMULATOR_CLIENT.clientSecret,
            maxConcurrentRequests: MAX_CONCURRENT_REQUESTS,
            // The default. Nest closes the HTTP server as soon as the grace period ends, cutting
            // responses not yet written: the refused calls' 503s need that time on a busy machine.
            shutdownGracePeriodMs: 5000,
          },
          undefined,
        ),
      ),
    );
  });

  afterAll(async () => {
    await emulator.close();
    restoreEnvironment();
  });

  it('answers every caller; none told "retryable" had its email queued, and every queued one not answered 202 says "may have been sent" with a non-retried status', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/messaging/v1/messageDefinitionSends/key:external_key/send`;
    // The first 16 sends are answered at once; every later one is held (accepted, answered never).
    emulator.faults.inject({
      route: 'send',
      after: 16,
      times: Infinity,
      action: { type: 'delay', ms: 60_000 },
    });
    const pending = Array.from({ length: SENDS }, async (_, i): Promise<void> => {
      const address = `shutdown-${i}@example.com`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sendBody({ address, subscriberKey: address })),
      });
      answers.push({
        address,
        status: response.status,
        body: (await response.json()) as Answer['body'],
      });
    });
    // Every send has reached the module (16 answered, 32 on the wire, the rest waiting for a
    // slot): then the signal comes.
    const client = app.get(MarketingCloudHttpClient);
    await vi.waitFor(
      () => {
        expect(answers).toHaveLength(16);
        expect(client.callsInProgress).toBe(SENDS - 16);
      },
      { timeout: 30_000, interval: 20 },
    );
    expect(emulator.counters.sendRequests).toBe(16 + MAX_CONCURRENT_REQUESTS);
    await app.close();
    await Promise.all(pending);
    const byKind = {
      accepted: answers.filter((answer) => answer.status === 202),
      maybeSent: answers.filter((answer) => answer.body.maybeSent === true),
      retryable: answers.filter((answer) => answer.body.retryable === true),
    };
    const maybeSentAndRetryable = byKind.maybeSent.filter((answer) => answer.body.retryable);
    process.stdout.write(
      `[shutdown] ${SENDS} sends in flight at app.close(): ${byKind.accepted.length} answered 202, ${byKind.maybeSent.length} answered "may have been sent" (status ${[...new Set(byKind.maybeSent.map((answer) => answer.status))].join('/')}, ${maybeSentAndRetryable.length} of them retryable), ${byKind.retryable.length} answered retryable (status ${[...new Set(byKind.retryable.map((answer) => answer.status))].join('/')}); emulator queued ${emulator.counters.acceptedSends} emails\n`,
    );
    expect(answers).toHaveLength(SENDS);
    expect(byKind.accepted.length + byKind.maybeSent.length + byKind.retryable.length).toBe(SENDS);
    expect(maybeSentAndRetryable).toEqual([]);
    expect(byKind.maybeSent.every((answer) => answer.status === 500)).toBe(true);
    expect(byKind.retryable.every((answer) => answer.status === 503)).toBe(true);
    // The ground truth: a caller told "retryable" had nothing queued; every queued email was
    // answered 202 or "may have been sent".
    for (const answer of byKind.retryable) {
      expect(emulator.records.emailsTo(answer.address)).toHaveLength(0);
    }
    for (const send of emulator.records.sends) {
      const answer = answers.find((candidate) => candidate.address === send.to.address);
      expect(answer?.status === 202 || answer?.body.maybeSent === true).toBe(true);
    }
    expect(byKind.accepted).toHaveLength(16);
    expect(byKind.maybeSent).toHaveLength(MAX_CONCURRENT_REQUESTS);
    expect(byKind.retryable).toHaveLength(SENDS - 16 - MAX_CONCURRENT_REQUESTS);
  }, 120_000);
});
