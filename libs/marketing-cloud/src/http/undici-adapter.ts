import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import type { Dispatcher } from 'undici';
import { nodeStyleHeaders } from './node-style-headers.js';
import { asNodeHttpError, isCutOffMidBody } from './undici-errors.js';

/**
 * The config keys the undici path understands. A request with any other key set (params, auth,
 * timeout, a stream responseType, progress callbacks, a cancelToken, a socketPath, a transport…)
 * goes to axios's own http adapter, which understands all of them.
 */
const UNDICI_KEYS = new Set([
  'adapter',
  'transformRequest',
  'transformResponse',
  'validateStatus',
  'headers',
  'method',
  'url',
  'baseURL',
  'allowAbsoluteUrls',
  'data',
  'signal',
  'maxContentLength',
  'maxBodyLength',
  'maxRedirects',
  'httpAgent',
  'httpsAgent',
  'proxy',
  'decompress',
  'responseType',
  'responseEncoding',
  'timeout',
  'withCredentials',
]);

/**
 * Request headers undici refuses to take from a caller (it manages the connection itself), and
 * Accept-Encoding (axios's adapter decompresses the answer it asks for). A request naming one goes
 * to axios's adapter.
 */
const AXIOS_ONLY_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'accept-encoding',
]);

// axios's types name VERSION only on the default export (the named one exists at run time only).
// oxlint-disable-next-line import/no-named-as-default-member
const USER_AGENT = `axios/${axios.VERSION}`;
/** Header value characters axios strips before it writes them (all but tab, printable ASCII, Latin-1). */
const NOT_BYTE_STRING = /[^\t\x20-\x7e\x80-\xff]+/g;
const EDGE_BLANKS = /^[\t ]+|[\t ]+$/g;
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;
/** A well-formed http(s) URL; anything else (`http:host`, a data: URL…) is axios's to handle or word. */
const HTTP_URL = /^https?:\/\//i;

/**
 * What `response.request` and `error.request` are on this path, in place of node's ClientRequest:
 * the request line and the answer's status once it came (`res`, as ClientRequest has it). It holds
 * no header, so no Authorization.
 */
export interface UndiciRequestSummary {
  readonly method: string;
  readonly protocol: string;
  readonly host: string;
  readonly path: string;
  res?: { statusCode: number; statusMessage: string };
}

/** Whether the undici path does exactly what axios's http adapter would for this config. */
function isPlain(config: InternalAxiosRequestConfig): boolean {
  for (const key in config) {
    if (
      !UNDICI_KEYS.has(key) &&
      (config as unknown as Record<string, unknown>)[key] !== undefined
    ) {
      return false;
    }
  }
  const { data, responseType, responseEncoding } = config;
  return (
    config.proxy === false &&
    config.maxRedirects === 0 &&
    !config.timeout &&
    (data === undefined || typeof data === 'string' || Buffer.isBuffer(data)) &&
    (responseType === undefined || responseType === 'json' || responseType === 'text') &&
    (responseEncoding === undefined || responseEncoding === 'utf8')
  );
}

/** axios's buildFullPath: `url` below `baseURL` unless it is absolute (and absolute URLs are allowed). */
function fullPath(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? '';
  const { baseURL } = config;
  if (!baseURL || (ABSOLUTE_URL.test(url) && config.allowAbsoluteUrls !== false)) return url;
  return url ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : baseURL;
}

/** A header value as axios writes it: Latin-1 only, without leading or trailing blanks. */
function byteString(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((item) => byteString(item) as string);
  return String(value).replace(NOT_BYTE_STRING, '').replace(EDGE_BLANKS, '');
}

/**
 * The request's headers as axios's http adapter writes them: the config's (a null or `false` value
 * means "not sent"), axios's User-Agent unless one is set, Content-Length for a body. No
 * Accept-Encoding: this path asks for an uncompressed answer. Undefined when a header is one only
 * axios's adapter can send.
 */
function outgoingHeaders(
  config: InternalAxiosRequestConfig,
  body: Buffer | undefined,
): Record<string, string | string[]> | undefined {
  const headers = Object.create(null) as Record<string, string | string[]>;
  let userAgent = false;
  let contentLength = false;
  const source = config.headers as unknown as Record<string, unknown>;
  for (const name of Object.keys(source)) {
    const value = source[name];
    const lower = name.toLowerCase();
    if (AXIOS_ONLY_HEADERS.has(lower)) return undefined;
    // A User-Agent set to null or false keeps axios from adding one, and is not sent.
    if (lower === 'user-agent') userAgent = value !== undefined;
    else if (lower === 'content-length') contentLength = value !== undefined;
    if (value === undefined || value === null || value === false) continue;
    headers[name] = byteString(value);
  }
  if (!userAgent) headers['User-Agent'] = USER_AGENT;
  if (body !== undefined && !contentLength) headers['Content-Length'] = String(body.length);
  return headers;
}

/** The body as axios sends it: bytes, none for '' or undefined. */
function requestBody(data: unknown): Buffer | undefined {
  if (data === undefined || data === '') return undefined;
  return Buffer.isBuffer(data) ? data : Buffer.from(data as string, 'utf8');
}

/**
 * One request on undici, doing what axios's http adapter does for the module's requests (a JSON
 * string or no body, a JSON or text answer, no redirects, no proxy): the same headers, the same
 * errors (see undici-errors.ts; CanceledError on abort, the same maxContentLength and
 * maxBodyLength messages) and the same response (status, statusText, AxiosHeaders in node's shape,
 * config; `request` is an UndiciRequestSummary).
 */
function undiciRequest(
  dispatcher: Dispatcher,
  config: InternalAxiosRequestConfig,
  url: URL,
  headers: Record<string, string | string[]>,
  body: Buffer | undefined,
): Promise<AxiosResponse> {
  return new Promise<AxiosResponse>((resolve, reject) => {
    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted) {
      reject(new CanceledError(undefined, config));
      return;
    }
    const maxBodyLength = config.maxBodyLength ?? -1;
    if (body !== undefined && maxBodyLength > -1 && body.length > maxBodyLength) {
      reject(
        new AxiosError(
          'Request body larger than maxBodyLength limit',
          AxiosError.ERR_BAD_REQUEST,
          config,
        ),
      );
      return;
    }
    const method = (config.method ?? 'get').toUpperCase();
    const summary: UndiciRequestSummary = {
      method,
      protocol: url.protocol,
      host: url.host,
      path: url.pathname + url.search,
    };
    const maxContentLength = config.maxContentLength ?? -1;
    let settled = false;
    let stop: ((reason: Error) => void) | undefined;
    let response: AxiosResponse | undefined;
    const chunks: Buffer[] = [];
    let bytes = 0;

    const finish = (error: unknown, answer?: AxiosResponse): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(answer!);
      else reject(error);
    };
    /** Ends the exchange with `error` and closes its connection (as node's req.destroy()). */
    const fail = (error: Error): void => {
      finish(error);
      stop?.(error);
    };
    const onAbort = (): void => fail(new CanceledError(undefined, config, summary));
    signal?.addEventListener('abort', onAbort);

    dispatcher.dispatch(
      {
        origin: url.origin,
        path: summary.path,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
      },
      {
        onConnect(abort: (reason: Error) => void) {
          stop = abort;
          // Aborted while it waited for a connection: it must not be written now.
          if (settled) abort(new CanceledError(undefined, config, summary));
        },
        onHeaders(
          statusCode: number,
          rawHeaders: Buffer[],
          _resume: () => void,
          statusText: string,
        ) {
          summary.res = { statusCode, statusMessage: statusText };
          response = {
            status: statusCode,
            statusText,
            headers: new AxiosHeaders(nodeStyleHeaders(rawHeaders)),
            config,
            request: summary,
            data: undefined,
          };
          return true;
        },
        onData(chunk: Buffer) {
          chunks.push(chunk);
          bytes += chunk.length;
          if (maxContentLength > -1 && bytes > maxContentLength) {
            fail(
              new AxiosError(
                `maxContentLength size of ${maxContentLength} exceeded`,
                AxiosError.ERR_BAD_RESPONSE,
                config,
                summary,
              ),
            );
          }
          return true;
        },
        onComplete() {
          if (settled || response === undefined) return;
          let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          response.data = text;
          const { validateStatus } = config;
          if (!response.status || !validateStatus || validateStatus(response.status)) {
            finish(undefined, response);
            return;
          }
          finish(
            new AxiosError(
              `Request failed with status code ${response.status}`,
              response.status >= 400 && response.status < 500
                ? AxiosError.ERR_BAD_REQUEST
                : AxiosError.ERR_BAD_RESPONSE,
              config,
              summary,
              response,
            ),
          );
        },
        onError(error: Error) {
          if (settled) return;
          if (response !== undefined && isCutOffMidBody(error)) {
            finish(
              new AxiosError(
                'stream has been aborted',
                AxiosError.ERR_BAD_RESPONSE,
                config,
                summary,
                response,
              ),
            );
            return;
          }
          finish(AxiosError.from(asNodeHttpError(error), undefined, config, summary, response));
        },
      } as unknown as Dispatcher.DispatchHandler,
    );
  });
}

/**
 * axios's adapter for the module, on undici for direct requests: axios's API, config, defaults and
 * interceptors all apply (this runs where axios's http adapter would), with a leaner transport
 * underneath. axios's http adapter sets up a general pipeline per request (form data, streams,
 * redirects, proxies, decompression, progress events, HTTP/2) over node:http; undici's HTTP/1.1
 * client is leaner than node:http itself. Requests that need any of that pipeline (through a proxy,
 * or with an option or header only axios's adapter handles) still go to it (`fallback`).
 *
 * What users can see differ from axios's http adapter: no Accept-Encoding header (answers come
 * uncompressed: Marketing Cloud's answers are small, and maxResponseBytes then counts the bytes on
 * the wire, which are the body's), and `response.request` is an UndiciRequestSummary rather than a
 * ClientRequest. Error codes, messages and response headers are node:http's.
 */
export function undiciAdapter(fallback: AxiosAdapter, dispatcher: () => Dispatcher): AxiosAdapter {
  return (config) => {
    if (!isPlain(config)) return fallback(config);
    const path = fullPath(config);
    if (!HTTP_URL.test(path)) return fallback(config);
    let url: URL;
    try {
      url = new URL(path);
    } catch {
      return fallback(config); // axios words the error
    }
    // Credentials in the URL become Basic auth in axios's adapter.
    if (url.username || url.password) return fallback(config);
    const body = requestBody(config.data);
    const headers = outgoingHeaders(config, body);
    if (headers === undefined) return fallback(config);
    return undiciRequest(dispatcher(), config, url, headers, body);
  };
}
