/**
 * (f) Optional reference, not one of the issue's contenders: axios alone, configured as the module
 * configured its private instance before issue 14's levers (libs/marketing-cloud/src/http/
 * create-http-service.ts now also trims axios's defaults, serialises and parses in one step and
 * reads the proxy variables once), making the same POST. It shows what the module's transport costs before the module adds anything:
 * validation, @nestjs/axios, the token manager, the limiter, retries. Run it with
 * `BENCH_CONTENDERS=raw-http,axios,module npm run bench`.
 */
import { create } from 'axios';
import { Agent } from 'node:http';
import { ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, SEND_PATH, sendBody } from '../support/workload.js';
import { checkAccepted, type Contender, type ContenderTarget } from './contender.js';

export async function createAxiosAlone(target: ContenderTarget): Promise<Contender> {
  const httpAgent = new Agent({ keepAlive: true, timeout: 4_000 });
  const axios = create({
    timeout: 10_000,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    headers: { accept: 'application/json' },
    httpAgent,
  });
  let session: Promise<{ url: string; authorization: string }> | undefined;
  const authenticate = async () => {
    const answer = await axios.post<{ access_token: string; rest_instance_url: string }>(
      `${target.authBaseUrl}v2/token`,
      {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        account_id: ACCOUNT_ID,
      },
      { headers: { 'content-type': 'application/json' } },
    );
    if (answer.status !== 200) throw new Error(`token request answered HTTP ${answer.status}`);
    return {
      url: `${answer.data.rest_instance_url}${SEND_PATH}`,
      authorization: `Bearer ${answer.data.access_token}`,
    };
  };
  return {
    send: async () => {
      session ??= authenticate();
      const { url, authorization } = await session;
      const answer = await axios.request({
        method: 'POST',
        url,
        data: sendBody(),
        timeout: 10_000,
        headers: { authorization, 'content-type': 'application/json' },
      });
      checkAccepted(answer.status, answer.data);
    },
    close: async () => httpAgent.destroy(),
  };
}
