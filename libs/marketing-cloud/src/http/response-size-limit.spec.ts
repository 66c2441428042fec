import type { TestingModule } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import {
  endlessBody,
  startMisbehavingTenant,
  type MisbehavingTenant,
} from '../../../../test/support/misbehaving-tenant.js';
import { MarketingCloudResponseTooLargeError } from '../errors/marketing-cloud-response-too-large.error.js';
import { httpStatusForError } from '../errors/http-status-for-error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { MarketingCloudHttpClient } from './marketing-cloud-http-client.js';

const MIB = 1024 * 1024;

describe('maxResponseBytes, against a tenant that streams an endless 202 body', () => {
  let tenant: MisbehavingTenant;
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await tenant.close();
  });

  async function start(maxResponseBytes?: number) {
    tenant = await startMisbehavingTenant(endlessBody);
    moduleRef = await createMarketingCloudTestingModule({
      authBaseUrl: tenant.authBaseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      requestTimeoutMs: 20_000,
      ...(maxResponseBytes !== undefined && { maxResponseBytes }),
    });
    return moduleRef;
  }

  it('stops reading at 1 MiB by default: a typed error that says Marketing Cloud accepted the send, never retried', async () => {
    const ref = await start();
    const rssBefore = process.memoryUsage().rss;
    const failures = await Promise.all(
      Array.from({ length: 2 }, (_, i) =>
        ref
          .get(TriggeredSendService)
          .send('key:external_key', sendBody(`endless-${i}@example.com`))
          .catch((error: unknown) => error),
      ),
    );
    const rssGrowthMiB = (process.memoryUsage().rss - rssBefore) / MIB;
    process.stdout.write(
      `[response size] 2 sends against an endless 202 body: ${(tenant.bytesWritten / MIB).toFixed(2)} MiB written by the server before the client stopped, RSS +${rssGrowthMiB.toFixed(1)} MiB\n`,
    );
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(MarketingCloudResponseTooLargeError);
      expect(failure).toMatchObject({ upstreamStatus: 202, retryable: false, maybeSent: true });
      expect((failure as Error).message).toMatch(
        /larger than maxResponseBytes \(1048576 bytes\).*accepted the request \(HTTP 202\): do not send it again/,
      );
      expect(httpStatusForError(failure as MarketingCloudResponseTooLargeError)).toBe(500);
    }
    expect(tenant.restRequests).toBe(2); // not retried
    // Each call read at most its limit; the rest is what sat in the kernel's loopback socket
    // buffers (autotuned, up to ~10 MiB per connection) when the client hung up. Not gigabytes.
    expect(tenant.bytesWritten).toBeLessThan(2 * (MIB + 11 * MIB));
    expect(rssGrowthMiB).toBeLessThan(100);
  });

  it('a request body over the limit is refused before anything is written', async () => {
    const ref = await start(1024);
    const failure = await ref
      .get(MarketingCloudHttpClient)
      .request({
        method: 'POST',
        path: 'anything',
        body: { text: 'x'.repeat(2048) },
        what: 'call',
        idempotent: false,
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MarketingCloudRequestError);
    expect(failure).toMatchObject({ retryable: false, maybeSent: false });
    expect((failure as Error).message).toBe(
      'The call was not sent: its body is larger than maxResponseBytes (1024 bytes), which bounds request bodies too.',
    );
    expect(tenant.restRequests).toBe(0);
  });

  it('a read (GET) cut off the same way is retryable and not "maybe sent"', async () => {
    const ref = await start(64 * 1024);
    const failure = await ref
      .get(MarketingCloudHttpClient)
      .request({ method: 'GET', path: 'anything', what: 'read', idempotent: true })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MarketingCloudResponseTooLargeError);
    expect(failure).toMatchObject({ retryable: true, maybeSent: false });
    expect(tenant.restRequests).toBe(3); // retried: reading again changes nothing
  });
});
