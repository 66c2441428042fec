/**
 * (c) sfmc-sdk, the maintained community client. Its Auth accepts only production auth URLs
 * (`https://{28 chars}.auth.marketingcloudapis.com/`), so it is given one, and a request interceptor
 * on the axios instance it exports (`sfmc-sdk/util`) sends its token requests to the emulator
 * instead. Its code is not changed; REST calls go to `rest_instance_url` from the token, which the
 * emulator already points at itself.
 */
import SDK from 'sfmc-sdk';
import { axiosInstance } from 'sfmc-sdk/util';
import { ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, SEND_PATH, sendBody } from '../support/workload.js';
import { checkAccepted, type Contender, type ContenderTarget } from './contender.js';

/** A production-looking auth URL that sfmc-sdk accepts; the interceptor replaces it. */
const PRODUCTION_LOOKING_AUTH_URL =
  'https://mc0000000000000000000000000a.auth.marketingcloudapis.com/';

let interceptor: number | undefined;

function routeAuthToEmulator(authBaseUrl: string): void {
  if (interceptor !== undefined) axiosInstance.interceptors.request.eject(interceptor);
  interceptor = axiosInstance.interceptors.request.use((config) => {
    if (config.baseURL === PRODUCTION_LOOKING_AUTH_URL) {
      config.baseURL = authBaseUrl;
      config.url = config.url?.replace(/^\/+/, '');
    }
    return config;
  });
}

export async function createSfmcSdk(target: ContenderTarget): Promise<Contender> {
  routeAuthToEmulator(target.authBaseUrl);
  const sdk = new SDK(
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      auth_url: PRODUCTION_LOOKING_AUTH_URL,
      account_id: ACCOUNT_ID,
    },
    // Its defaults: one attempt, retry on connection errors.
    {},
  );
  return {
    send: async () => {
      // sfmc-sdk resolves with the body of any 2xx and rejects otherwise.
      const body: unknown = await sdk.rest.post(`/${SEND_PATH}`, sendBody());
      checkAccepted(202, body);
    },
    close: async () => {},
  };
}
