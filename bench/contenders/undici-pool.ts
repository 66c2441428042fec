/**
 * (e) The physical-limit reference: undici's `Pool` (undici 7, a devDependency), making the same POST
 * with the same body as raw node:http. undici's HTTP/1.1 client runs faster than node:http on the
 * same machine, so raw node:http is not the physical limit; this row shows what is. Like the raw
 * client it gets one token (single flight), serialises the body, parses and checks the answer, and
 * does nothing else.
 */
import { Pool } from 'undici';
import { ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, SEND_PATH, sendBody } from '../support/workload.js';
import { checkAccepted, type Contender, type ContenderTarget } from './contender.js';

interface Answer {
  status: number;
  body: unknown;
}

export async function createUndiciPool(target: ContenderTarget): Promise<Contender> {
  const pools = new Map<string, Pool>();
  /** One pool per origin (auth and REST may differ); unlimited connections, like raw's keep-alive agent. */
  const poolFor = (url: URL) => {
    let pool = pools.get(url.origin);
    if (!pool) pools.set(url.origin, (pool = new Pool(url.origin)));
    return pool;
  };
  const post = async (url: URL, headers: Record<string, string>, json: string): Promise<Answer> => {
    const { statusCode, body } = await poolFor(url).request({
      method: 'POST',
      path: url.pathname,
      headers: { ...headers, 'content-type': 'application/json' },
      body: json,
    });
    return { status: statusCode, body: await body.json() };
  };
  let session: Promise<{ url: URL; authorization: string }> | undefined;
  const authenticate = async () => {
    const answer = await post(
      new URL('v2/token', target.authBaseUrl),
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
      const answer = await post(url, { authorization }, JSON.stringify(sendBody()));
      checkAccepted(answer.status, answer.body);
    },
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
