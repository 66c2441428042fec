import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { create } from 'axios';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMarketingCloudHttp, type MarketingCloudHttp } from './create-http-service.js';

/** A self-signed certificate for 127.0.0.1, for this test only (it guards nothing). */
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUK9o9Lb8ljmX7ciUmAaeCag3ZgtowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMTEzMTYyN1oYDzIxMjYxMTA3
MTMxNjI3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQJ5hbmMyTCh2rfakKE4K8b2gENKK6LC5LZ377YRuhDyeZ/I00tbAhk
lZKp0RfWAvRfPctUuabp6c0m7P0qprRQo2QwYjAdBgNVHQ4EFgQU3jwDfYnxBHVr
4cRs/6d6SKqolKkwHwYDVR0jBBgwFoAU3jwDfYnxBHVr4cRs/6d6SKqolKkwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQC9OCEvtUIkZWVDwUsYpYhSCKwbFOmlhkvsf9rLjtvXRQIhAPr6QEgQWtNYYSsD
UtCW342W7h0Mq5pYs0x3WcFN2p/6
-----END CERTIFICATE-----`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgV+52fLAZDI3sUzIG
9YCGSQpOlVFrsGkIKgR2+HpRbQGhRANCAAQJ5hbmMyTCh2rfakKE4K8b2gENKK6L
C5LZ377YRuhDyeZ/I00tbAhklZKp0RfWAvRfPctUuabp6c0m7P0qprRQ
-----END PRIVATE KEY-----`;

describe('https base URLs: TLS on the undici path, verified as with axios http adapter', () => {
  let server: Server;
  let baseUrl: string;
  let http: MarketingCloudHttp;
  let undiciRequests = 0;
  const countUndici = (): void => void (undiciRequests += 1);
  const encrypted: boolean[] = [];

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy']) {
      vi.stubEnv(name, '');
      vi.stubEnv(name.toUpperCase(), '');
    }
    server = createServer({ cert: CERTIFICATE, key: KEY }, (request, response) => {
      encrypted.push((request.socket as TLSSocket).encrypted);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
    http = createMarketingCloudHttp();
    subscribe('undici:request:create', countUndici);
  });
  afterAll(async () => {
    unsubscribe('undici:request:create', countUndici);
    http.close();
    vi.unstubAllEnvs();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('refuses a certificate it cannot verify, with the same error code as axios http adapter', async () => {
    const reference = create({ adapter: 'http', proxy: false, maxRedirects: 0 });
    const mine = await http.service.axiosRef.get(baseUrl).catch((error: unknown) => error);
    const theirs = await reference.get(baseUrl).catch((error: unknown) => error);
    expect(undiciRequests).toBe(1);
    expect((mine as { code: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect((mine as { code: string }).code).toBe((theirs as { code: string }).code);
    expect((mine as Error).message).toBe((theirs as Error).message);
    expect(encrypted).toEqual([]); // no request reached the server
  });

  it('talks TLS to an https origin it trusts', async () => {
    // Trust, for this test, every certificate (read by node:tls at each connection).
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    const answer = await http.service.axiosRef.get(baseUrl);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ ok: true });
    expect(encrypted).toEqual([true]);
  });
});
