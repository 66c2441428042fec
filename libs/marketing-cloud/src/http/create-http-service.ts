import { HttpService } from '@nestjs/axios';
import { create } from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { inspect } from 'node:util';

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
 * The module's private HttpService over its own axios instance (not HttpModule's shared one, whose
 * agents and defaults are not ours to set). Every status is returned to the caller, which maps it;
 * redirects are not followed, so the Authorization header never goes to another host.
 */
export function createMarketingCloudHttp(): MarketingCloudHttp {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  // No axios `timeout`: it only measures silence on the socket; exchange() sets a hard deadline.
  const instance = create({
    maxRedirects: 0,
    validateStatus: () => true,
    headers: { accept: 'application/json' },
    httpAgent,
    httpsAgent,
  });
  // Sockets in the agents hold the last request written (its Authorization header): logging or
  // serialising anything that holds this object shows a summary, never them.
  const summary = 'MarketingCloudHttp { axios instance and keep-alive agents: not shown }';
  return {
    service: new HttpService(instance),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
    toJSON: () => summary,
    [inspect.custom]: () => summary,
  } as MarketingCloudHttp;
}
