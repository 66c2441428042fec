/**
 * (a) The ceiling: a raw keep-alive node:http client making the same POST with the same body. It
 * does only what any client must: get one token (single flight, on the first send), serialise the
 * body, read and parse the answer and check it was accepted. No validation, no error mapping.
 */
import { Agent, request, type IncomingMessage } from 'node:http';
import { ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, SEND_PATH, sendBody } from '../support/workload.js';
import { checkAccepted, type Contender, type ContenderTarget } from './contender.js';

interface Answer {
  status: number;
  body: unknown;
}

function post(url: URL, agent: Agent, headers: Record<string, string>, json: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(json);
  });
}

export async function createRawHttp(target: ContenderTarget): Promise<Contender> {
  const agent = new Agent({ keepAlive: true });
  let session: Promise<{ url: URL; authorization: string }> | undefined;

  const authenticate = async () => {
    const answer = await post(
      new URL('v2/token', target.authBaseUrl),
      agent,
      {},
      JSON.stringify({
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        account_id: ACCOUNT_ID,
      }),
    );
    const body = answer.body as { access_token: string; rest_instance_url: string };
    if (answer.status !== 200) throw new Error(`token request answered HTTP ${answer.status}`);
    return {
      url: new URL(SEND_PATH, body.rest_instance_url),
      authorization: `Bearer ${body.access_token}`,
    };
  };

  return {
    send: async () => {
      session ??= authenticate();
      const { url, authorization } = await session;
      const answer = await post(url, agent, { authorization }, JSON.stringify(sendBody()));
      checkAccepted(answer.status, answer.body);
    },
    close: async () => agent.destroy(),
  };
}
