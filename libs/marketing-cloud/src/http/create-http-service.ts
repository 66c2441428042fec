import { HttpService } from '@nestjs/axios';
import {
  create,
  getAdapter,
  type AxiosAdapter,
  type AxiosProxyConfig,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Agent as UndiciAgent } from 'undici';
import { inspect } from 'node:util';
import { proxyFromEnvironment } from './environment-proxy.js';
import { parseJsonBody, serializeJsonBody } from './json-transforms.js';
import { undiciAdapter } from './undici-adapter.js';

/**
 * Marketing Cloud closes keep-alive connections idle for 5 seconds (documented); closing ours
 * first avoids sending on a socket the server is closing.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 4_000;

/**
 * The same bound for undici's pooled connections. undici's idle timers are coarse (they may fire up
 * to a second late), so 3 s here closes an idle connection within 4 s, before Marketing Cloud's 5.
 */
export const UNDICI_IDLE_TIMEOUT_MS = 3_000;

/** undici's options: idle connections closed early (above), and no timeouts of its own: exchange() sets the one deadline. */
export const UNDICI_AGENT_OPTIONS = {
  keepAliveTimeout: UNDICI_IDLE_TIMEOUT_MS,
  keepAliveMaxTimeout: UNDICI_IDLE_TIMEOUT_MS,
  headersTimeout: 0,
  bodyTimeout: 0,
  connectTimeout: 0,
} as const;

/**
 * TCP keep-alive probe delay. axios calls `socket.setKeepAlive(true, 60000)` on every request, and
 * Node's agent sets its own `keepAliveMsecs` (1000 by default) each time it takes a socket back, so
 * with the default the two kept flipping it: three setsockopt calls per request. With the same
 * value Node sees no change and makes no call. Idle sockets close after 4 s anyway.
 */
export const KEEP_ALIVE_PROBE_DELAY_MS = 60_000;

/**
 * axios defaults the module never uses, which axios would otherwise merge into every request (and,
 * for `transitional`, validate on every request): browser-only XSRF names, the FormData and Blob
 * classes, no-limit sizes and no-timeout (their absence means the same), and the empty per-method
 * header buckets. Measured with the rest of the trimming in the commit that added it.
 */
const UNUSED_DEFAULTS = [
  'transitional',
  'xsrfCookieName',
  'xsrfHeaderName',
  'env',
  'maxContentLength',
  'maxBodyLength',
  'timeout',
] as const;

/** The URL a request goes to, for the proxy choice (only its scheme, host and port matter). */
function requestUrl(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  if (!config.baseURL || /^[a-z][a-z\d+.-]*:\/\//i.test(url)) return url;
  return `${config.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/**
 * The module's adapter: the proxy chosen from the environment as it was at start-up, unless the
 * request names its own `proxy` (an object, or `false`); left to itself, axios reads process.env and
 * parses the proxy URL on every request. Direct requests then go to undici (undici-adapter.ts), and
 * the rest (through a proxy, or with options only axios's http adapter handles) to that adapter.
 */
function adapterWithStartupProxy(dispatcher: () => UndiciAgent): AxiosAdapter {
  const lean = undiciAdapter(getAdapter('http'), dispatcher);
  const proxyFor = proxyFromEnvironment();
  return (config) => {
    // A URL, as axios itself makes from the environment (its type only names the object form).
    if (config.proxy === undefined) {
      config.proxy = proxyFor(requestUrl(config)) as AxiosProxyConfig | false;
    }
    return lean(config);
  };
}

export interface MarketingCloudHttp {
  readonly service: HttpService;
  /** Closes pooled connections, so nothing keeps the process alive after shutdown. */
  close(): void;
}

/**
 * The module's private HttpService over its own axios instance (not HttpModule's shared one, whose
 * agents and defaults are not ours to set). Every status is returned to the caller, which maps it;
 * redirects are not followed, so the Authorization header never goes to another host. The proxy
 * environment variables are read when this runs (at module start-up).
 */
export function createMarketingCloudHttp(): MarketingCloudHttp {
  const agentOptions = {
    keepAlive: true,
    keepAliveMsecs: KEEP_ALIVE_PROBE_DELAY_MS,
    timeout: IDLE_SOCKET_TIMEOUT_MS,
  };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  // Made on first use, and again after close(): like node's agents, closing ends the connections,
  // not the ability to open new ones.
  let undici: UndiciAgent | undefined;
  const dispatcher = (): UndiciAgent => (undici ??= new UndiciAgent(UNDICI_AGENT_OPTIONS));
  // No axios `timeout`: it only measures silence on the socket; exchange() sets a hard deadline.
  const instance = create({
    maxRedirects: 0,
    validateStatus: () => true,
    httpAgent,
    httpsAgent,
    transformRequest: [serializeJsonBody],
    transformResponse: [parseJsonBody],
    // HTTP(S)_PROXY, ALL_PROXY and NO_PROXY still apply, read once here rather than per request.
    adapter: adapterWithStartupProxy(dispatcher),
  });
  for (const name of UNUSED_DEFAULTS) delete instance.defaults[name];
  // `common` stays (users may add headers there); the per-method buckets go.
  instance.defaults.headers = {
    common: { Accept: 'application/json' },
  } as typeof instance.defaults.headers;
  // Sockets in the agents hold the last request written (its Authorization header): logging or
  // serialising anything that holds this object shows a summary, never them.
  const summary = 'MarketingCloudHttp { axios instance and keep-alive agents: not shown }';
  return {
    service: new HttpService(instance),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
      void undici?.destroy().catch(() => undefined);
      undici = undefined;
    },
    toJSON: () => summary,
    [inspect.custom]: () => summary,
  } as MarketingCloudHttp;
}
