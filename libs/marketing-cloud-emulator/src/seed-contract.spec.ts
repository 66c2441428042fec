/**
 * Contract tests: every request and response example of Salesforce's messageDefinitionSends page
 * (test/fixtures/seed-messageDefinitionSends.md, a verbatim copy) replays against the emulator and
 * yields the documented status and body shape. Only the GUIDs differ.
 */
import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  fetchAccessToken,
  type JsonResponse,
} from '../../../test/fixtures/emulator-http.js';
import { jsonShape, maskGuids } from '../../../test/fixtures/json-shape.js';
import {
  headersWithToken,
  loadSeedExamples,
  type SeedRequestExample,
  type SeedResponseExample,
} from '../../../test/fixtures/seed-examples.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulatorOptions } from './index.js';

const seed = loadSeedExamples();

function documentedResponse(title: string): SeedResponseExample {
  const response = seed.responses.find((candidate) => candidate.title === title);
  if (!response) throw new Error(`No documented response titled '${title}'`);
  return response;
}

function documentedRequest(title: string): SeedRequestExample {
  const request = seed.requests.find((candidate) => candidate.title === title);
  if (!request) throw new Error(`No documented request titled '${title}'`);
  return request;
}

const ASYNC_SUCCESS = documentedResponse('Example Response (Asynchronous)');
const SYNC_ERROR = documentedResponse('Error Response (Synchronous)');
const FLAT_ERROR = documentedResponse('Error Response');

/** The answer has the documented status, the same keys and types, and the same values but GUIDs. */
function expectLikeDocumented(actual: JsonResponse, documented: SeedResponseExample): void {
  expect(actual.status).toBe(documented.status);
  expect(actual.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(jsonShape(actual.body)).toEqual(jsonShape(documented.body));
  expect(maskGuids(actual.body)).toEqual(maskGuids(documented.body));
}

describe('The seed examples (test/fixtures/seed-messageDefinitionSends.md)', () => {
  it('parse into the four documented requests and the three documented responses', () => {
    expect(seed.requests.map(({ title, method, path }) => ({ title, method, path }))).toEqual([
      {
        title: 'Example Asynchronous Request Using Send ID',
        method: 'POST',
        path: '/messaging/v1/messageDefinitionSends/dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc/send',
      },
      {
        title: 'Example Asynchronous Request Using Customer Key',
        method: 'POST',
        path: '/messaging/v1/messageDefinitionSends/key:external_key/send',
      },
      {
        title: 'Example Synchronous Request Using Send ID',
        method: 'POST',
        path: '/messaging/v1/messageDefinitionSends/dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc/send',
      },
      {
        title: 'Example Synchronous Request Using Customer Key',
        method: 'POST',
        path: '/messaging/v1/messageDefinitionSends/key:cust_key/send',
      },
    ]);
    for (const request of seed.requests) {
      expect(request.host).toBe('https://YOUR_SUBDOMAIN.rest.marketingcloudapis.com');
      expect(request.headers).toEqual({
        'Content-Type': 'application/json',
        Authorization: 'Bearer YOUR_ACCESS_TOKEN',
      });
      expect(request.body).toMatchObject({
        From: { Address: 'code@exacttarget.com', Name: 'Code@' },
        To: { Address: 'example@example.com', SubscriberKey: 'example@example.com' },
        Options: { RequestType: request.title.includes('Asynchronous') ? 'ASYNC' : 'SYNC' },
      });
    }
    expect(seed.responses.map(({ title, statusLine }) => ({ title, statusLine }))).toEqual([
      { title: 'Example Response (Asynchronous)', statusLine: 'HTTP/1.1 202 Accepted' },
      { title: 'Error Response (Synchronous)', statusLine: 'HTTP/1.1 202 Accepted' },
      { title: 'Error Response', statusLine: 'HTTP/1.1 202 Accepted' },
    ]);
    expect(FLAT_ERROR.body).toEqual({
      recipientSendId: '',
      hasErrors: true,
      messages: ['InvalidOrMissingToAddress'],
    });
  });
});

describe('Contract: the documented examples against the emulator', () => {
  const track = closeAfterEach();

  /** Replays a documented request verbatim: its path, headers (with a real token) and body text. */
  async function replay(
    example: SeedRequestExample,
    options: MarketingCloudEmulatorOptions = {},
    bodyText = example.bodyText,
  ): Promise<JsonResponse & { sends: number }> {
    const emulator = track(await startMarketingCloudEmulator(options));
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const response = await fetch(`${emulator.restBaseUrl}${example.path.slice(1)}`, {
      method: example.method,
      headers: headersWithToken(example, token),
      body: bodyText,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: JSON.parse(text) as unknown,
      sends: emulator.records.sends.length,
    };
  }

  it.each(seed.requests.map((request) => [request.title, request] as const))(
    '%s replays verbatim to the documented asynchronous success response',
    async (_, example) => {
      const response = await replay(example);
      expectLikeDocumented(response, ASYNC_SUCCESS);
      expect(response.body).toMatchObject({ responses: [{ messages: ['Queued'] }] });
      expect(response.sends).toBe(1);
    },
  );

  it.each([
    ['Example Synchronous Request Using Send ID'],
    ['Example Synchronous Request Using Customer Key'],
  ])(
    'produces the documented synchronous error response (180008) for %s to an excluded address',
    async (title) => {
      const response = await replay(documentedRequest(title), {
        excludedAddresses: ['example@example.com'],
      });
      expectLikeDocumented(response, SYNC_ERROR);
    },
  );

  it('produces the documented flat error response for the documented body without To.Address', async () => {
    const example = documentedRequest('Example Asynchronous Request Using Send ID');
    const body = structuredClone(example.body) as { To: Record<string, unknown> };
    delete body.To.Address;
    const response = await replay(example, {}, JSON.stringify(body));
    expectLikeDocumented(response, FLAT_ERROR);
    expect(response.body).toEqual(FLAT_ERROR.body);
    expect(response.sends).toBe(0);
  });
});
