import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
} from '../../../../test/fixtures/emulator-http.js';
import { startForwardProxy, type ForwardProxy } from '../../../../test/support/forward-proxy.js';
import {
  createMarketingCloudHttp,
  type MarketingCloudHttp,
  IDLE_SOCKET_TIMEOUT_MS,
  KEEP_ALIVE_PROBE_DELAY_MS,
  UNDICI_AGENT_OPTIONS,
} from './create-http-service.js';

describe('createMarketingCloudHttp', () => {
  it('keeps connections alive but closes idle ones before Marketing Cloud does (5 s)', () => {
    const http = createMarketingCloudHttp();
    const defaults = http.service.axiosRef.defaults;
    const agents = [defaults.httpAgent, defaults.httpsAgent] as {
      keepAlive: boolean;
      keepAliveMsecs: number;
      options: { timeout?: number };
    }[];
    for (const agent of agents) {
      expect(agent.keepAlive).toBe(true);
      expect(agent.options.timeout).toBe(IDLE_SOCKET_TIMEOUT_MS);
      // axios sets 60 s on every request; the same value here spares the setsockopt calls.
      expect(agent.keepAliveMsecs).toBe(KEEP_ALIVE_PROBE_DELAY_MS);
    }
    expect(IDLE_SOCKET_TIMEOUT_MS).toBeLessThan(5000);
    http.close();
  });

  it('undici (direct requests) closes idle connections within 4 s too, and sets no timeout of its own', () => {
    // undici's idle timers may fire up to a second late: 3 s + 1 s stays under Marketing Cloud's 5 s.
    expect(UNDICI_AGENT_OPTIONS.keepAliveTimeout + 1000).toBeLessThan(5000);
    expect(UNDICI_AGENT_OPTIONS.keepAliveMaxTimeout).toBe(UNDICI_AGENT_OPTIONS.keepAliveTimeout);
    // The deadline is exchange()'s: no headers, body or connect timeout that would fail first.
    expect(UNDICI_AGENT_OPTIONS).toMatchObject({
      headersTimeout: 0,
      bodyTimeout: 0,
      connectTimeout: 0,
    });
  });

  it('never follows redirects (the Authorization header must not travel) and hands every status back', () => {
    const http = createMarketingCloudHttp();
    const defaults = http.service.axiosRef.defaults;
    expect(defaults.maxRedirects).toBe(0);
    // The deadline is exchange()'s own timer: axios's timeout only measures socket silence.
    expect(defaults.timeout ?? 0).toBe(0);
    expect(defaults.validateStatus?.(503)).toBe(true);
    http.close();
  });
});

describe('createMarketingCloudHttp: proxies from the environment, read once at start-up', () => {
  const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];
  let emulator: MarketingCloudEmulator;
  let proxy: ForwardProxy;
  let http: MarketingCloudHttp | undefined;

  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator();
    proxy = await startForwardProxy();
  });
  afterEach(async () => {
    http?.close();
    http = undefined;
    vi.unstubAllEnvs();
    await proxy.close();
    await emulator.close();
  });

  /** Sets exactly these proxy variables (both cases, so that none from the machine applies). */
  function environment(variables: Record<string, string>): void {
    for (const name of PROXY_VARIABLES) {
      const value = variables[name] ?? '';
      vi.stubEnv(name, value);
      vi.stubEnv(name.toUpperCase(), value);
    }
  }

  const tokenRequest = (target: MarketingCloudHttp, authBaseUrl = emulator.authBaseUrl) =>
    target.service.axiosRef.request({
      method: 'POST',
      url: `${authBaseUrl}v2/token`,
      data: {
        grant_type: 'client_credentials',
        client_id: EMULATOR_CLIENT_ID,
        client_secret: EMULATOR_CLIENT_SECRET,
      },
      headers: { 'content-type': 'application/json' },
    });

  it('sends http requests through HTTP_PROXY', async () => {
    environment({ http_proxy: proxy.url });
    http = createMarketingCloudHttp();
    const answer = await tokenRequest(http);
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ token_type: 'Bearer' });
    expect(proxy.seen).toEqual([`${emulator.authBaseUrl}v2/token`]);
  });

  it('connects directly to a host that NO_PROXY names', async () => {
    environment({ http_proxy: proxy.url, no_proxy: 'example.com,127.0.0.1' });
    http = createMarketingCloudHttp();
    expect((await tokenRequest(http)).status).toBe(200);
    expect(proxy.seen).toEqual([]);
  });

  it('tunnels https requests through HTTPS_PROXY (CONNECT)', async () => {
    environment({ https_proxy: proxy.url });
    http = createMarketingCloudHttp();
    // The test proxy refuses the tunnel (403): that the CONNECT reached it is the proof.
    expect((await tokenRequest(http, 'https://127.0.0.1:9/auth/')).status).toBe(403);
    expect(proxy.seen).toEqual(['CONNECT 127.0.0.1:9']);
  });

  it('reads the variables once: a change after start-up does not apply', async () => {
    environment({});
    http = createMarketingCloudHttp();
    environment({ http_proxy: proxy.url });
    expect((await tokenRequest(http)).status).toBe(200);
    expect(proxy.seen).toEqual([]);
  });
});
