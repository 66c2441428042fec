import { HttpService } from '@nestjs/axios';
import { create } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';

/**
 * Marketing Cloud closes keep-alive connections idle for 5 seconds (documented); closing ours
 * first avoids sending on a socket the server is closing.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 4_000;

export interface MarketingCloudHttp {
  readonly service: HttpService;
  /** Closes pooled connections, so nothing keeps the process alive after shutdown. */
  close(): void;
}

/**
 * The module's private HttpService over its own axios instance (HttpModule.registerAsync cannot see
 * this module's options). Every status is returned to the caller, which maps it; redirects are not
 * followed, so the Authorization header never goes to another host.
 */
export function createMarketingCloudHttp(
  options: ResolvedMarketingCloudOptions,
): MarketingCloudHttp {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  const instance = create({
    timeout: options.requestTimeoutMs,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    headers: { accept: 'application/json' },
    httpAgent,
    httpsAgent,
  });
  return {
    service: new HttpService(instance),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
