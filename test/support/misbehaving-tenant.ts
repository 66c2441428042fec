import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the tenant's REST routes do; its token route always answers a valid token. */
export type RestBehaviour = (request: IncomingMessage, response: ServerResponse) => void;

export interface MisbehavingTenant {
  /** The Authentication Base URI (`…/auth/`). */
  readonly authBaseUrl: string;
  /** REST requests received. */
  readonly restRequests: number;
  /** Bytes the REST routes wrote before the client went away. */
  readonly bytesWritten: number;
  close(): Promise<void>;
}

/** Accepts the request and never answers (a tenant or proxy that hangs). */
export const neverAnswer: RestBehaviour = () => undefined;

/** Answers 202 with a JSON body that never ends: 64 KiB chunks as fast as the socket takes them. */
export const endlessBody: RestBehaviour = (_request, response) => {
  response.writeHead(202, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const pump = (): void => {
    while (!response.destroyed && response.write(chunk));
  };
  response.on('drain', pump);
  response.write('{"requestId":"');
  pump();
};

/**
 * A Marketing Cloud stand-in whose token route works and whose REST routes misbehave as told, for
 * faults the emulator does not script (no answer at all, an endless body). Counts what it wrote.
 */
export async function startMisbehavingTenant(
  behaviour: RestBehaviour,
  token = 'misbehaving-tenant-token',
): Promise<MisbehavingTenant> {
  let restRequests = 0;
  let bytesWritten = 0;
  const server: Server = createServer((request, response) => {
    if (request.url === '/auth/v2/token') {
      const { port } = server.address() as AddressInfo;
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          access_token: token,
          expires_in: 1079,
          rest_instance_url: `http://127.0.0.1:${port}/rest/`,
        }),
      );
      return;
    }
    restRequests += 1;
    const write = response.write.bind(response);
    response.write = ((chunk: string | Buffer, ...rest: never[]) => {
      bytesWritten += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof response.write;
    request.resume();
    behaviour(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    authBaseUrl: `http://127.0.0.1:${port}/auth/`,
    get restRequests() {
      return restRequests;
    },
    get bytesWritten() {
      return bytesWritten;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
