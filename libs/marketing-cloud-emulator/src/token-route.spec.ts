import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  postJson,
  tokenRequestBody,
  tokenUrl,
} from '../../../test/fixtures/emulator-http.js';
import { startMarketingCloudEmulator } from './emulator.js';

const AUTH_ERROR_URI = 'https://developer.salesforce.com/docs';
const CLIENT_AUTH_FAILED =
  'Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled.';

const tokenOf = (body: unknown) => (body as { access_token: string }).access_token;

describe('POST {authBaseUrl}v2/token', () => {
  const track = closeAfterEach();
  const start = async (options?: Parameters<typeof startMarketingCloudEmulator>[0]) =>
    track(await startMarketingCloudEmulator(options));

  it('issues a 512-character Bearer token with the default scope and base URLs back to the emulator', async () => {
    const emulator = await start();
    const response = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{512}$/) as unknown,
      token_type: 'Bearer',
      expires_in: 1079,
      scope: 'email_read email_write email_send',
      soap_instance_url: `http://127.0.0.1:${emulator.port}/soap/`,
      rest_instance_url: `http://127.0.0.1:${emulator.port}/rest/`,
    });
    const body = response.body as { rest_instance_url: string; soap_instance_url: string };
    expect(body.rest_instance_url).toBe(emulator.restBaseUrl);
    expect(body.soap_instance_url).toBe(emulator.soapBaseUrl);
    expect(emulator.counters).toMatchObject({ tokenRequests: 1, tokensIssued: 1 });
  });

  it('issues a new token on every request', async () => {
    const emulator = await start();
    const first = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    const second = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    expect(tokenOf(first.body)).not.toBe(tokenOf(second.body));
    expect(emulator.counters.tokensIssued).toBe(2);
  });

  it('echoes a requested scope, normalising its whitespace; an empty scope grants none', async () => {
    const emulator = await start();
    const scoped = await postJson(
      tokenUrl(emulator.authBaseUrl),
      tokenRequestBody({ scope: ' email_send  email_read ' }),
    );
    expect(scoped.status).toBe(200);
    expect(scoped.body).toMatchObject({ scope: 'email_send email_read' });

    // Documented: "If you include the scope parameter and use an empty string ... no scope permissions."
    const empty = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody({ scope: '' }));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ scope: '' });
  });

  it('reports the configured expires_in', async () => {
    const emulator = await start({ expiresInSeconds: 3540 });
    const response = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ expires_in: 3540, token_type: 'Bearer' });
  });

  it('accepts account_id as a number and as a numeric string', async () => {
    const emulator = await start({
      clients: [
        {
          clientId: 'bu-client',
          clientSecret: 'bu-secret',
          accountIds: [12345],
          defaultScope: 'x',
        },
      ],
    });
    for (const accountId of [12345, '12345']) {
      const response = await postJson(tokenUrl(emulator.authBaseUrl), {
        grant_type: 'client_credentials',
        client_id: 'bu-client',
        client_secret: 'bu-secret',
        account_id: accountId,
      });
      expect(response.status, `account_id ${JSON.stringify(accountId)}`).toBe(200);
      expect(response.body).toMatchObject({ token_type: 'Bearer', scope: 'x' });
    }
    expect(emulator.counters.tokensIssued).toBe(2);
  });

  it('refuses an account the client has no access to (401 unauthorized_client)', async () => {
    const emulator = await start({
      clients: [{ clientId: 'bu-client', clientSecret: 'bu-secret', accountIds: [12345] }],
    });
    const response = await postJson(tokenUrl(emulator.authBaseUrl), {
      grant_type: 'client_credentials',
      client_id: 'bu-client',
      client_secret: 'bu-secret',
      account_id: 54321,
    });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'This client has no access to account 54321.',
      error_uri: AUTH_ERROR_URI,
    });
    expect(emulator.counters).toMatchObject({ tokenRequests: 1, tokensIssued: 0 });
  });

  it.each([['abc'], [-1], [12.5], [true], [{}]])(
    'refuses a non-numeric account_id %j (400 invalid_request)',
    async (accountId) => {
      const emulator = await start();
      const response = await postJson(
        tokenUrl(emulator.authBaseUrl),
        tokenRequestBody({ account_id: accountId }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'invalid_request',
        error_description: 'account_id must be a numeric MID.',
        error_uri: AUTH_ERROR_URI,
      });
      expect(emulator.counters.tokensIssued).toBe(0);
    },
  );

  it.each([
    ['a wrong secret', { client_id: EMULATOR_CLIENT_ID, client_secret: 'wrong' }],
    ['an unknown client id', { client_id: 'nobody', client_secret: EMULATOR_CLIENT_SECRET }],
    ['no credentials', { client_id: undefined, client_secret: undefined }],
  ])('answers 401 invalid_client for %s, in the documented body shape', async (_, credentials) => {
    const emulator = await start();
    const response = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody(credentials));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({
      error: 'invalid_client',
      error_description: CLIENT_AUTH_FAILED,
      error_uri: AUTH_ERROR_URI,
    });
    expect(emulator.counters).toMatchObject({ tokenRequests: 1, tokensIssued: 0 });
  });

  it.each([['password'], [undefined], ['CLIENT_CREDENTIALS']])(
    'answers 400 unsupported_grant_type for grant_type %j',
    async (grantType) => {
      const emulator = await start();
      const response = await postJson(
        tokenUrl(emulator.authBaseUrl),
        tokenRequestBody({ grant_type: grantType }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'unsupported_grant_type',
        error_description:
          'Use "authorization_code" or "refresh_token" or "client_credentials" or "urn:ietf:params:oauth:grant-type:jwt-bearer" as the grant_type.',
        error_uri: AUTH_ERROR_URI,
      });
    },
  );

  it.each([['{"grant_type": "client_credentials"'], ['[]'], ['null'], ['']])(
    'answers 400 invalid_request for the body %j, which is not a JSON object',
    async (bodyText) => {
      const emulator = await start();
      const response = await postJson(tokenUrl(emulator.authBaseUrl), bodyText);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'invalid_request',
        error_description: 'The request body is not a valid JSON object.',
        error_uri: AUTH_ERROR_URI,
      });
    },
  );

  it('answers 400 invalid_request for a form-encoded body (only JSON is documented)', async () => {
    const emulator = await start();
    const response = await postJson(
      tokenUrl(emulator.authBaseUrl),
      `grant_type=client_credentials&client_id=${EMULATOR_CLIENT_ID}&client_secret=${EMULATOR_CLIENT_SECRET}`,
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'Send the token request as application/json.',
      error_uri: AUTH_ERROR_URI,
    });
    expect(emulator.counters.tokensIssued).toBe(0);
  });

  it('accepts a JSON content type with a charset parameter', async () => {
    const emulator = await start();
    const response = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody(), {
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(response.status).toBe(200);
  });

  it('answers 400 invalid_request for a scope that is not a string', async () => {
    const emulator = await start();
    const response = await postJson(
      tokenUrl(emulator.authBaseUrl),
      tokenRequestBody({ scope: ['email_send'] }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'scope must be a space-separated string.',
      error_uri: AUTH_ERROR_URI,
    });
  });

  it('answers 405 to a GET of the token route', async () => {
    const emulator = await start();
    const response = await fetch(tokenUrl(emulator.authBaseUrl));
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({
      message: 'Method GET is not allowed here.',
      errorcode: 405,
      documentation: '',
    });
    expect(emulator.counters.tokenRequests).toBe(0);
  });
});
