import { create, type AxiosInstance } from 'axios';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMarketingCloudHttp, type MarketingCloudHttp } from './create-http-service.js';
import { parseJsonBody, serializeJsonBody } from './json-transforms.js';

/** What a scripted server does once it has read a whole request (head and Content-Length body). */
type Script = (socket: Socket) => void;

const hangUp: Script = (socket) => socket.destroy();

/** A raw TCP server on 127.0.0.1 that plays `script` on every request and keeps each request's head. */
async function startScriptedServer(): Promise<{
  server: Server;
  port: number;
  heads: string[];
  play: (script: Script) => void;
}> {
  const heads: string[] = [];
  let script: Script = hangUp;
  const server = createServer((socket) => {
    let buffered = '';
    socket.setEncoding('latin1');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.slice(end + 4 + length);
      heads.push(head);
      script(socket);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { server, port, heads, play: (next) => (script = next) };
}

const answer =
  (text: string): Script =>
  (socket) =>
    socket.write(text);

/** What a user sees of a failure: its class, code and message, and the system call of its cause. */
function visible(error: unknown): Record<string, unknown> {
  const failure = error as { name: string; code?: string; message: string; cause?: unknown };
  return {
    name: failure.name,
    code: failure.code,
    message: failure.message,
    causeSyscall: (failure.cause as { syscall?: string } | undefined)?.syscall,
  };
}

describe('the undici adapter does what axios http adapter does, over real connections', () => {
  let scripted: Awaited<ReturnType<typeof startScriptedServer>>;
  let moduleHttp: MarketingCloudHttp;
  let reference: AxiosInstance;
  let undiciRequests = 0;
  const countUndici = (): void => void (undiciRequests += 1);

  beforeAll(async () => {
    // No proxy from the machine: the module's direct path is what is compared.
    for (const name of ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy']) {
      vi.stubEnv(name, '');
      vi.stubEnv(name.toUpperCase(), '');
    }
    scripted = await startScriptedServer();
    moduleHttp = createMarketingCloudHttp();
    // axios's own http adapter with the module's settings.
    reference = create({
      adapter: 'http',
      proxy: false,
      maxRedirects: 0,
      validateStatus: () => true,
      transformRequest: [serializeJsonBody],
      transformResponse: [parseJsonBody],
    });
    reference.defaults.headers.common['Accept'] = 'application/json'; // the module's
    subscribe('undici:request:create', countUndici);
  });
  afterAll(async () => {
    unsubscribe('undici:request:create', countUndici);
    moduleHttp.close();
    vi.unstubAllEnvs();
    scripted.server.close();
    await once(scripted.server, 'close');
  });
  beforeEach(() => {
    undiciRequests = 0;
    scripted.heads.length = 0;
  });

  const post = (client: AxiosInstance, port = scripted.port) =>
    client.request({
      method: 'POST',
      url: `http://127.0.0.1:${port}/messaging/v1/send`,
      data: { to: 'a@example.com' },
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      maxContentLength: 1024,
      maxBodyLength: 1024,
    });

  /** The failure of one request through each client, after `script`. */
  async function bothFail(script: Script, port?: number): Promise<[unknown, unknown]> {
    scripted.play(script);
    const mine = await post(moduleHttp.service.axiosRef, port).catch((error: unknown) => error);
    const theirs = await post(reference, port).catch((error: unknown) => error);
    return [mine, theirs];
  }

  it('answers: the same status, status text, body and response headers (node shape: repeats merged, set-cookie a list)', async () => {
    scripted.play(
      answer(
        'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\n' +
          'Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Request-Id: 1\r\nX-Request-Id: 2\r\nX-Empty:\r\nX-Spaced:  a\tb  \r\n' +
          'Content-Length: 13\r\n\r\n{"ok":"yes"}\n',
      ),
    );
    const mine = await post(moduleHttp.service.axiosRef);
    const theirs = await post(reference);
    expect(undiciRequests).toBe(1);
    expect(mine.status).toBe(202);
    expect(mine.data).toEqual({ ok: 'yes' });
    expect({ ...mine.headers }).toEqual({ ...theirs.headers });
    expect(mine.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect([mine.status, mine.statusText, mine.data]).toEqual([
      theirs.status,
      theirs.statusText,
      theirs.data,
    ]);
  });

  it('sends the same request headers, but no Accept-Encoding (answers come uncompressed)', async () => {
    scripted.play(answer('HTTP/1.1 204 No Content\r\n\r\n'));
    await post(moduleHttp.service.axiosRef);
    await post(reference);
    const [mine, theirs] = scripted.heads.map((head) =>
      head
        .split('\r\n')
        .slice(1)
        .map((line) => line.replace(/^([^:]+):/, (name) => name.toLowerCase()))
        .filter((line) => !/^(host|connection):/.test(line))
        .toSorted(),
    );
    expect(scripted.heads[0]!.split('\r\n')[0]).toBe(scripted.heads[1]!.split('\r\n')[0]);
    expect(mine).toEqual(theirs!.filter((line) => !line.startsWith('accept-encoding:')));
    expect(mine).toContain('content-length: 22');
  });

  it('a refused connection: the same ECONNREFUSED from connect(), which the retry rule reads as "not sent"', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    await once(closed, 'close');
    const [mine, theirs] = await bothFail(answer(''), port);
    expect(visible(mine)).toMatchObject({ code: 'ECONNREFUSED', causeSyscall: 'connect' });
    expect(visible(mine)).toEqual(visible(theirs));
  });

  it('a connection closed before any answer: the same "socket hang up", ECONNRESET', async () => {
    const [mine, theirs] = await bothFail((socket) => socket.end());
    expect(visible(mine)).toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(visible(mine)).toEqual(visible(theirs));
  });

  it('a connection reset before any answer: the same ECONNRESET from read()', async () => {
    const [mine, theirs] = await bothFail((socket) => socket.resetAndDestroy());
    expect(visible(mine)).toMatchObject({ code: 'ECONNRESET' });
    expect(visible(mine)).toEqual(visible(theirs));
  });

  it('an answer cut off mid-body: the same "stream has been aborted"', async () => {
    const [mine, theirs] = await bothFail((socket) => {
      socket.write('HTTP/1.1 202 Accepted\r\nContent-Length: 100\r\n\r\n{"requestId":');
      setImmediate(() => socket.destroy());
    });
    expect(visible(mine)).toMatchObject({
      code: 'ERR_BAD_RESPONSE',
      message: 'stream has been aborted',
    });
    expect(visible(mine)).toEqual(visible(theirs));
  });

  it('something that is not HTTP: the same parse error, code and message', async () => {
    const [mine, theirs] = await bothFail((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    expect(visible(mine)).toMatchObject({ code: 'HPE_INVALID_CONSTANT' });
    expect(visible(mine)).toEqual(visible(theirs));
  });

  it('an answer over maxContentLength: the same message, and the status it came with', async () => {
    const [mine, theirs] = await bothFail(
      answer(`HTTP/1.1 202 Accepted\r\nContent-Length: 4096\r\n\r\n${'x'.repeat(4096)}`),
    );
    expect(visible(mine)).toEqual(visible(theirs));
    expect(visible(mine)).toMatchObject({ message: 'maxContentLength size of 1024 exceeded' });
    expect((mine as { request: { res: { statusCode: number } } }).request.res.statusCode).toBe(202);
  });

  it('aborted while waiting for an answer: the same CanceledError, and the next request still goes', async () => {
    scripted.play(() => undefined); // never answers
    const controller = new AbortController();
    const pending = moduleHttp.service.axiosRef
      .post(`http://127.0.0.1:${scripted.port}/x`, { a: 1 }, { signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.waitUntil(() => scripted.heads.length === 1);
    controller.abort();
    expect(visible(await pending)).toMatchObject({ name: 'CanceledError', code: 'ERR_CANCELED' });
    scripted.play(answer('HTTP/1.1 204 No Content\r\n\r\n'));
    expect((await post(moduleHttp.service.axiosRef)).status).toBe(204);
  });

  it('requests with options only axios http adapter knows (params) go to that adapter', async () => {
    scripted.play(answer('HTTP/1.1 204 No Content\r\n\r\n'));
    await moduleHttp.service.axiosRef.get(`http://127.0.0.1:${scripted.port}/x`, {
      params: { a: 1 },
    });
    expect(undiciRequests).toBe(0);
    expect(scripted.heads[0]).toMatch(/^GET \/x\?a=1 HTTP\/1.1/);
  });
});
