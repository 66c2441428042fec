/**
 * (d) fuel-rest with fuel-auth, Salesforce's official (no longer maintained) Node clients, in their
 * OAuth 2 mode (`authOptions.authVersion: 2`): fuel-auth posts to `authUrl` (the emulator's
 * v2/token) and fuel-rest sends to the token's `rest_instance_url`. With authVersion 2, fuel-rest
 * keeps only what follows `.com/` in `origin + uri` (lower-cased) and appends it to
 * `rest_instance_url`, so `origin` keeps its default (https://www.exacttargetapis.com).
 *
 * Both are given `globalReqOptions: { forever: true }`, request's keep-alive switch: without it
 * request opens a connection per call, and the ceiling is a keep-alive client.
 */
import FuelAuth from 'fuel-auth';
import FuelRest from 'fuel-rest';
import { ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, SEND_PATH, sendBody } from '../support/workload.js';
import { checkAccepted, type Contender, type ContenderTarget } from './contender.js';

export async function createFuelRest(target: ContenderTarget): Promise<Contender> {
  const keepAlive = { forever: true };
  const auth = new FuelAuth({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authUrl: `${target.authBaseUrl}v2/token`,
    authOptions: { authVersion: 2, accountId: ACCOUNT_ID },
    globalReqOptions: keepAlive,
  });
  const rest = new FuelRest({ auth, globalReqOptions: keepAlive });
  return {
    send: async () => {
      // fuel-rest resolves with any status; `body` is a JSON string, which fuel-rest parses.
      const { res, body } = await rest.post({
        uri: `/${SEND_PATH}`,
        body: JSON.stringify(sendBody()),
      });
      checkAccepted(res.statusCode, body);
    },
    close: async () => {},
  };
}
