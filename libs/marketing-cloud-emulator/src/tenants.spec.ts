import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  ERROR_HANDLING_DOC_URL,
  fetchAccessToken,
  firstRecipient,
  getJson,
  postJson,
  sendBody,
  sendUrl,
  tokenRequestBody,
  tokenUrl,
} from '../../../test/fixtures/emulator-http.js';
import { startMarketingCloudEmulator } from './emulator.js';

const OTHER_CLIENT = { clientId: 'other-client-id', clientSecret: 'other-client-secret' };
const OTHER_TOKEN_BODY = tokenRequestBody({
  client_id: OTHER_CLIENT.clientId,
  client_secret: OTHER_CLIENT.clientSecret,
});

/** 403 / 40002: documented status and code (§2.4, §9 item 3); the message text is inferred. */
const TOKEN_INVALID_ON_ENDPOINT = {
  message:
    'Authorization token invalid on this endpoint. Use the stack-level endpoint that matches your token.',
  errorcode: 40002,
  documentation: ERROR_HANDLING_DOC_URL,
};

describe('Several tenants on one emulator', () => {
  const track = closeAfterEach();

  const startTwoTenants = async () =>
    track(
      await startMarketingCloudEmulator({
        tenants: [
          {
            name: 'other',
            clients: [OTHER_CLIENT],
            definitions: [{ customerKey: 'other_key' }],
          },
        ],
      }),
    );

  it('serves each tenant under its own base URLs; its token response names its own REST base URL', async () => {
    const emulator = await startTwoTenants();
    const other = emulator.tenant('other');
    const origin = `http://127.0.0.1:${emulator.port}`;
    expect([...emulator.tenants.keys()]).toEqual(['default', 'other']);
    expect(emulator.tenant('default').restBaseUrl).toBe(emulator.restBaseUrl);
    expect(other).toMatchObject({
      authBaseUrl: `${origin}/tenants/other/auth/`,
      restBaseUrl: `${origin}/tenants/other/rest/`,
      soapBaseUrl: `${origin}/tenants/other/soap/`,
    });
    const answer = await postJson(tokenUrl(other.authBaseUrl), OTHER_TOKEN_BODY);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      rest_instance_url: other.restBaseUrl,
      soap_instance_url: other.soapBaseUrl,
    });
    expect(() => emulator.tenant('nope')).toThrow("The emulator has no tenant 'nope'");
  });

  it("keeps each tenant's clients and definitions to itself", async () => {
    const emulator = await startTwoTenants();
    const other = emulator.tenant('other');
    // Each token endpoint knows only its own clients.
    expect((await postJson(tokenUrl(other.authBaseUrl), tokenRequestBody())).status).toBe(401);
    expect((await postJson(tokenUrl(emulator.authBaseUrl), OTHER_TOKEN_BODY)).status).toBe(401);

    const token = await fetchAccessToken(other.authBaseUrl, OTHER_TOKEN_BODY);
    const send = (segment: string) =>
      postJson(sendUrl(other.restBaseUrl, segment), sendBody(), { token });
    expect((await send('key:external_key')).status).toBe(404);
    const accepted = await send('key:other_key');
    expect(accepted.status).toBe(202);
    expect(emulator.records.sends).toEqual([
      expect.objectContaining({
        tenant: 'other',
        definitionObjectId: other.definitions.resolve('key:other_key')?.objectId,
      }),
    ]);
    expect(emulator.records.requests.at(-1)).toMatchObject({ tenant: 'other', route: 'send' });
    const record = await getJson(
      deliveryRecordUrl(
        other.restBaseUrl,
        'key:other_key',
        firstRecipient(accepted.body).recipientSendId as string,
      ),
      { token },
    );
    expect(record.status).toBe(200);
  });

  it("answers 403 / 40002 to a token used on another tenant's REST base URL, on every REST route, and accepts nothing", async () => {
    const emulator = await startTwoTenants();
    const other = emulator.tenant('other');
    const defaultToken = await fetchAccessToken(emulator.authBaseUrl);
    const otherToken = await fetchAccessToken(other.authBaseUrl, OTHER_TOKEN_BODY);
    const id = '00000000-0000-0000-0000-000000000000';
    const answers = [
      await postJson(sendUrl(other.restBaseUrl, 'key:other_key'), sendBody(), {
        token: defaultToken,
      }),
      await postJson(
        `${other.restBaseUrl}messaging/v1/messageDefinitionSends/key:other_key/sendBatch`,
        [sendBody()],
        { token: defaultToken },
      ),
      await getJson(deliveryRecordUrl(other.restBaseUrl, 'key:other_key', id), {
        token: defaultToken,
      }),
      await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
        token: otherToken,
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(TOKEN_INVALID_ON_ENDPOINT);
    }
    expect(emulator.counters.acceptedSends).toBe(0);
    // The same tokens still work at home.
    expect(
      (
        await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
          token: defaultToken,
        })
      ).status,
    ).toBe(202);
  });

  it('restInstanceUrlOf makes a token response point at another tenant (a client on the wrong stack)', async () => {
    const emulator = track(
      await startMarketingCloudEmulator({
        tenants: [{ name: 'wrong-stack', restInstanceUrlOf: 'default' }],
      }),
    );
    const wrong = emulator.tenant('wrong-stack');
    const answer = await postJson(tokenUrl(wrong.authBaseUrl), tokenRequestBody());
    const body = answer.body as { access_token: string; rest_instance_url: string };
    expect(body.rest_instance_url).toBe(emulator.restBaseUrl);
    const sent = await postJson(sendUrl(body.rest_instance_url, 'key:external_key'), sendBody(), {
      token: body.access_token,
    });
    expect(sent.status).toBe(403);
    expect(sent.body).toEqual(TOKEN_INVALID_ON_ENDPOINT);
  });

  it('answers 404 for an unknown tenant and refuses a bad tenant configuration at start', async () => {
    const emulator = await startTwoTenants();
    const unknown = await postJson(
      `http://127.0.0.1:${emulator.port}/tenants/nope/auth/v2/token`,
      tokenRequestBody(),
    );
    expect(unknown.status).toBe(404);
    await expect(startMarketingCloudEmulator({ tenants: [{ name: 'default' }] })).rejects.toThrow(
      "Two tenants are named 'default'",
    );
    await expect(startMarketingCloudEmulator({ tenants: [{ name: 'a/b' }] })).rejects.toThrow(
      "Tenant name 'a/b' must be 1 to 64 letters, digits, - or _",
    );
    await expect(
      startMarketingCloudEmulator({ tenants: [{ name: 'a', restInstanceUrlOf: 'b' }] }),
    ).rejects.toThrow("Tenant 'a': restInstanceUrlOf names no tenant ('b')");
  });
});
