import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

/**
 * Liberal in what it accepts, exact in what it sends (issue 11 item 1), over HTTP: bodies real
 * senders send (upper-case OPTIONS, empty From strings, `SubscriberAttributes: []`, a `KEY:`
 * prefix) go through the sample app and reach the emulator in the documented casing, as the raw
 * text the emulator received shows; a body with two spellings of one property is refused. And
 * definition keys with invisible or line-breaking characters are refused before they can reach a
 * log line (issue 15 item 7).
 */

const ROUTE = '/messaging/v1/messageDefinitionSends';
const TO = { Address: 'example@example.com', SubscriberKey: 'example@example.com' };
/** Keys built to forge a log line, and one that is only odd (spaces), which must stay accepted. */
const FORGED_LINE = 'ERROR [MarketingCloud] forged line';
const CRAFTED_KEYS = [
  `welcome\n${FORGED_LINE}`,
  `welcome\r${FORGED_LINE}`,
  `welcome\u0085${FORGED_LINE}`,
  `welcome\u2028${FORGED_LINE}`,
  `welcome\u2029${FORGED_LINE}`,
  `welcome\u200f${FORGED_LINE}`,
  `welcome\u200b${FORGED_LINE}`,
  `\ufeffwelcome ${FORGED_LINE}`,
  `welcome\u202e${FORGED_LINE}`,
];
const ODD_BUT_VISIBLE_KEY = `welcome ${FORGED_LINE.replace('ERROR', 'error-looking')}`;

describe('sample app: real-world bodies and keys, over HTTP against the emulator', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let baseUrl: string;
  let restoreEnvironment: () => void;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      host: '127.0.0.1',
      definitions: [
        ...DEMO_DEFINITIONS,
        ...[...CRAFTED_KEYS, ODD_BUT_VISIBLE_KEY].map((customerKey) => ({ customerKey })),
      ],
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      MC_REQUEST_TIMEOUT_MS: '5000',
    });
    app = await createSampleApp(logger);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    restoreEnvironment?.();
  });

  afterEach(() => emulator.reset());

  async function post(definitionSegment: string, bodyText: string) {
    const response = await fetch(`${baseUrl}${ROUTE}/${definitionSegment}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The raw JSON text and URL of the one send the emulator received. */
  function theSend() {
    const sends = emulator.records.requests.filter((request) => request.route === 'send');
    expect(sends).toHaveLength(1);
    return { url: sends[0]!.url, text: sends[0]!.bodyText };
  }

  it.each([
    [
      'upper-case OPTIONS (Salesforce Commerce Cloud connector)',
      `{"To":${JSON.stringify(TO)},"OPTIONS":{"RequestType":"SYNC"}}`,
      { To: TO, Options: { RequestType: 'SYNC' } },
    ],
    [
      'empty From strings (the default of two public senders)',
      `{"From":{"Address":"","Name":""},"To":${JSON.stringify(TO)}}`,
      { To: TO },
    ],
    [
      'SubscriberAttributes: [] (PHP json_encode of an empty array)',
      `{"To":{"Address":"example@example.com","SubscriberKey":"example@example.com","ContactAttributes":{"SubscriberAttributes":[]}}}`,
      { To: TO },
    ],
    [
      'every name in lower case, attribute names kept',
      `{"from":{"address":"code@exacttarget.com","name":"Code@"},"to":{"address":"example@example.com","subscriberkey":"example@example.com","contactattributes":{"subscriberattributes":{"region":"West","City":"Indianapolis"}}},"options":{"requesttype":"ASYNC"}}`,
      {
        From: { Address: 'code@exacttarget.com', Name: 'Code@' },
        To: {
          ...TO,
          ContactAttributes: { SubscriberAttributes: { region: 'West', City: 'Indianapolis' } },
        },
        Options: { RequestType: 'ASYNC' },
      },
    ],
  ])('accepts %s and sends the documented casing', async (_what, bodyText, expected) => {
    const answer = await post('key:external_key', bodyText);
    expect(answer).toMatchObject({ status: 202 });
    const sent = theSend();
    expect(sent.text).toBe(JSON.stringify(expected));
    expect(sent.url).toBe('/rest/messaging/v1/messageDefinitionSends/key:external_key/send');
  });

  it.each(['KEY:', 'Key:', 'kEy:'])(
    'accepts the definition prefix %s and sends key:',
    async (prefix) => {
      const answer = await post(`${prefix}external_key`, JSON.stringify({ To: TO }));
      expect(answer).toMatchObject({ status: 202 });
      expect(theSend().url).toBe('/rest/messaging/v1/messageDefinitionSends/key:external_key/send');
    },
  );

  it('accepts ID: before the ObjectID and sends the bare GUID', async () => {
    const guid = DEMO_DEFINITIONS[0]!.objectId!;
    const answer = await post(`ID:${guid}`, JSON.stringify({ To: TO }));
    expect(answer).toMatchObject({ status: 202 });
    expect(theSend().url).toBe(`/rest/messaging/v1/messageDefinitionSends/${guid}/send`);
  });

  it('refuses a body holding Options and OPTIONS with a 400 naming both, and sends nothing', async () => {
    const answer = await post(
      'key:external_key',
      `{"To":${JSON.stringify(TO)},"Options":{"RequestType":"ASYNC"},"OPTIONS":{"RequestType":"SYNC"}}`,
    );
    expect(answer).toEqual({
      status: 400,
      body: expect.objectContaining({
        statusCode: 400,
        error: 'MarketingCloudValidationError',
        violations: [
          {
            path: 'OPTIONS',
            rule: 'isUniqueProperty',
            message:
              'OPTIONS is a second spelling of Options: property names are matched without regard to case, so give it once',
          },
        ],
      }),
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it('refuses two spellings at depth (To.subscriberkey and To.SubscriberKey)', async () => {
    const answer = await post(
      'key:external_key',
      `{"To":{"Address":"example@example.com","SubscriberKey":"a","subscriberkey":"b"}}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body['violations']).toEqual([
      expect.objectContaining({ path: 'To.subscriberkey', rule: 'isUniqueProperty' }),
    ]);
    expect(emulator.records.requests).toEqual([]);
  });

  describe('definition keys cannot forge a log line', () => {
    it('logs an accepted key on the send line (so a crafted key, if accepted, would be there)', async () => {
      const before = logger.lines.length;
      const answer = await post(
        encodeURIComponent(`key:${ODD_BUT_VISIBLE_KEY}`),
        JSON.stringify({ To: TO }),
      );
      expect(answer).toMatchObject({ status: 202 });
      const lines = logger.lines.slice(before);
      expect(lines.filter((line) => line.includes(`via key:${ODD_BUT_VISIBLE_KEY}`))).toHaveLength(
        1,
      );
    });

    it.each(CRAFTED_KEYS.map((key) => [JSON.stringify(key), key] as const))(
      'refuses %s with a 400 naming the rule, and logs nothing of it',
      async (_shown, key) => {
        const before = logger.lines.length;
        const answer = await post(encodeURIComponent(`key:${key}`), JSON.stringify({ To: TO }));
        expect(answer).toMatchObject({
          status: 400,
          body: {
            error: 'MarketingCloudValidationError',
            violations: [{ path: 'definition', rule: 'isPrintableKey' }],
          },
        });
        expect(emulator.records.requests).toEqual([]);
        const logged = logger.lines.slice(before);
        expect(logged.filter((line) => line.includes('forged line'))).toEqual([]);
        expect(logged.filter((line) => /[\n\r\u0085\u2028\u2029]/u.test(line))).toEqual([]);
      },
    );
  });
});
