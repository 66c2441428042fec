import { describe, expect, it } from 'vitest';
import {
  createMarketingCloudHttp,
  IDLE_SOCKET_TIMEOUT_MS,
  KEEP_ALIVE_PROBE_DELAY_MS,
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
