import type { NestExpressApplication } from '@nestjs/platform-express';
import * as fc from 'fast-check';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSON_BODY_BOUNDS, jsonBodyBoundsError } from 'nestjs-marketing-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { CapturingLogger } from './support/capturing-logger.js';
import {
  buildPayload,
  concerns,
  documentedBody,
  invalidDefinitionString,
  invalidPayloadOf,
  jsonMutation,
  malformedJsonText,
  manyKeys,
  notAnObjectBody,
  oversized,
  oversizedBody,
  PROTOTYPE_KEYS,
  Tally,
  toJsonText,
  trickyCustomerKey,
} from './support/hostile-payloads.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

/**
 * Hostile input against the sample app's `POST /messaging/v1/messageDefinitionSends/:definition/send`,
 * built as main.ts builds it, listening on 127.0.0.1 and pointed (MC_* variables) at an emulator.
 * Bodies go out as raw JSON text, so an own `__proto__` key stays a key and `1e400` parses to
 * Infinity. Every invalid request must get 400 with a JSON body naming the field (the body
 * parser's malformed-JSON 400 is the one field-less answer, counted apart), never a 5xx, a 415 or
 * a dropped connection, and the emulator must see nothing. Replay a failure with
 * FUZZ_SEED=<seed> and the path fast-check prints.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_126);
const ROUTE = '/messaging/v1/messageDefinitionSends';
const SEND_PATH = `${ROUTE}/key:external_key/send`;
const RUNS = {
  payloads: 2100,
  notAnObject: 200,
  oversized: 60,
  contentTypes: 600,
  malformed: 600,
  definitions: 800,
  pathTricks: 200,
};

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

function parseAnswer(status: number, contentType: string, text: string): Answer {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Left empty: the assertions on the body then say what was answered.
  }
  return { status, contentType, text, body };
}

interface Violation {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** Checks the common shape of an error answer: JSON `{ statusCode, error, message }`. */
function expectErrorShape(answer: Answer, status: number): void {
  // One expectation on the whole answer, so that a failure shows what was answered.
  expect(answer).toMatchObject({
    status,
    contentType: expect.stringMatching(/^application\/json\b/),
    body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
  });
}

/**
 * A 400 from validation: every violation has a path, a rule and a message starting with its
 * path, and the message lists them all. (No request reaches Marketing Cloud, so Marketing
 * Cloud's 422 cannot happen here: 400 is the only answer.)
 */
function expectFieldErrors(answer: Answer): string[] {
  expectErrorShape(answer, 400);
  expect(answer).toMatchObject({
    body: { error: 'MarketingCloudValidationError', violations: expect.any(Array) },
  });
  const violations = answer.body['violations'] as Violation[];
  expect(violations.length).toBeGreaterThan(0);
  for (const violation of violations) {
    expect(violation.path.trim()).not.toBe('');
    expect(violation.rule).toMatch(/\S/);
    expect(violation.message.slice(0, violation.path.length)).toBe(violation.path);
    expect(violation.message.length).toBeGreaterThan(violation.path.length + 1);
    expect(answer.body['message']).toContain(violation.message);
  }
  return violations.map((violation) => violation.path);
}

function expectRequestNotAnObject(answer: Answer): void {
  expect(expectFieldErrors(answer)).toEqual(['request']);
}

describe('sample app under hostile input (property-based, over HTTP)', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;
  let baseUrl: string;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const logger = new CapturingLogger();
  const prototypeNamesBefore = Object.getOwnPropertyNames(Object.prototype);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const ran: Record<string, number> = {};
  let malformedJsonAnswers = 0;
  let undecodableParamAnswers = 0;

  function report(name: string, count: number, detail: string): void {
    ran[name] = count;
    process.stdout.write(`fuzz: ${count} ${name} over HTTP (${detail})\n`);
  }

  /** POST with Node's fetch (keep-alive). A Uint8Array body with a null content type sends none. */
  async function post(
    path: string,
    body: string | Uint8Array,
    contentType: string | null = 'application/json',
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (contentType !== null) headers['content-type'] = contentType;
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return parseAnswer(response.status, response.headers.get('content-type') ?? '', text);
  }

  /** POST through node:http, for request targets fetch would normalise (`..`, `%2e%2e`). */
  function postRaw(target: string, body: string, via: Agent | false = agent): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: target,
          method: 'POST',
          agent: via,
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve(
              parseAnswer(response.statusCode ?? 0, response.headers['content-type'] ?? '', text),
            ),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /**
   * Posts `text` five times, each on a connection of its own (building a huge body can outlast the
   * server's keep-alive timeout, and a reused socket could then be reset), and prints the times to
   * the answer (median, min, max) and the sizes: times are printed, not asserted. The five answers
   * must be the same; the last is returned.
   */
  async function timedPost(what: string, text: string): Promise<Answer> {
    const times: number[] = [];
    const answers: Answer[] = [];
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      answers.push(await postRaw(SEND_PATH, text, false));
      times.push(performance.now() - started);
    }
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.text}`)).size).toBe(1);
    const sorted = times.toSorted((a, b) => a - b);
    const answer = answers.at(-1)!;
    process.stdout.write(
      `bounds: ${what} (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB): ${answer.status} in ${sorted[2]!.toFixed(1)} ms median of 5 (${sorted[0]!.toFixed(1)}-${sorted[4]!.toFixed(1)}), answer ${Buffer.byteLength(answer.text)} bytes\n`,
    );
    return answer;
  }

  /** The body parser's 400 for text that is not JSON, in the app's refusal shape: field `request`. */
  function expectMalformedJson(answer: Answer): void {
    expectErrorShape(answer, 400);
    expect(answer).toMatchObject({
      body: {
        error: 'InvalidJsonError',
        message: expect.stringMatching(/JSON/),
        violations: [{ path: 'request', rule: 'isJson', message: 'request must be valid JSON' }],
      },
    });
    malformedJsonAnswers += 1;
  }

  /** The emulator saw nothing since `seen` requests (not even a token request). */
  function expectNothingSentSince(seen: number): void {
    expect(
      emulator.records.requests
        .slice(seen)
        .map((request) => `${request.method} ${request.url} ${request.bodyText.slice(0, 300)}`),
    ).toEqual([]);
  }

  /** Checks that the one send the emulator saw since `seen` addressed `definition`, exactly. */
  function expectOneSendTo(seen: number, definition: string): void {
    const requests = emulator.records.requests.slice(seen);
    expect(requests.every((request) => request.route === 'token' || request.route === 'send')).toBe(
      true,
    );
    const sends = requests.filter((request) => request.route === 'send');
    expect(sends.map((request) => `${request.method} ${request.url}`)).toHaveLength(1);
    const match = /^\/rest\/messaging\/v1\/messageDefinitionSends\/([^/]+)\/send$/.exec(
      sends[0]!.url,
    );
    expect({ url: sends[0]!.url, matched: match !== null }).toMatchObject({ matched: true });
    expect(decodeURIComponent(match![1]!)).toBe(definition);
    expect(emulator.records.sends).toEqual([]);
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    emulator = await startMarketingCloudEmulator({
      host: '127.0.0.1',
      definitions: DEMO_DEFINITIONS,
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      MC_REQUEST_TIMEOUT_MS: '5000',
    });
    app = await createSampleApp(logger);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    baseUrl = `http://127.0.0.1:${port}`;
    process.stdout.write(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    agent.destroy();
    restoreEnvironment?.();
    process.off('unhandledRejection', onUnhandled);
    const total = Object.values(ran).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `fuzz: ${total} cases in total over HTTP (${Object.entries(ran)
        .map(([name, count]) => `${name} ${count}`)
        .join(
          ', ',
        )}); field-less 400s among them: ${malformedJsonAnswers} malformed JSON, ${undecodableParamAnswers} undecodable path parameter\n`,
    );
  });

  describe('invalid requests: 400 naming the field, nothing sent', () => {
    it('has sent nothing to the emulator yet', () => {
      expect(emulator.records.requests).toEqual([]);
    });

    it(`refuses ${RUNS.payloads} mutated documented bodies`, async () => {
      let count = 0;
      const kinds = new Tally();
      await fc.assert(
        fc.asyncProperty(invalidPayloadOf(jsonMutation), async (payload) => {
          count += 1;
          const seen = emulator.records.requests.length;
          const { body, applied, paths: mutated } = buildPayload(payload);
          expect(applied.length).toBeGreaterThan(0);
          const paths = expectFieldErrors(await post(SEND_PATH, toJsonText(body)));
          expect(paths.some((path) => mutated.some((target) => concerns(path, target)))).toBe(true);
          expectNothingSentSince(seen);
          for (const change of applied) kinds.add(change.kind);
        }),
        { numRuns: RUNS.payloads, seed: SEED },
      );
      report('invalid payloads', count, `mutations: ${kinds}`);
    }, 120_000);

    it('refuses prototype-pollution keys at every level, written as JSON keys', async () => {
      const seen = emulator.records.requests.length;
      const valid = toJsonText(documentedBody()).slice(1, -1);
      const to = '"Address":"example@example.com","SubscriberKey":"k"';
      let count = 0;
      for (const key of PROTOTYPE_KEYS) {
        const polluting = `"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}}`;
        for (const [text, path] of [
          [`{${polluting},${valid}}`, key],
          [`{"To":{${to},${polluting}}}`, `To.${key}`],
          [
            `{"To":{${to},"ContactAttributes":{"SubscriberAttributes":{"Region":"West",${polluting}}}}}`,
            `To.ContactAttributes.SubscriberAttributes.${key}`,
          ],
          [`{"From":{${polluting}},"To":{${to}},"Options":{${polluting}}}`, `From.${key}`],
        ] as const) {
          count += 1;
          const paths = expectFieldErrors(await post(SEND_PATH, text));
          expect(paths).toContain(path);
        }
      }
      expectNothingSentSince(seen);
      report('prototype-pollution bodies', count, '__proto__, constructor, prototype');
    });

    it(`refuses ${RUNS.notAnObject} bodies that are not an object`, async () => {
      let count = 0;
      await fc.assert(
        fc.asyncProperty(notAnObjectBody, async (value) => {
          count += 1;
          const seen = emulator.records.requests.length;
          const text = toJsonText(value);
          const answer = await post(SEND_PATH, text);
          // The JSON parser is strict: a scalar is its malformed-JSON 400; an array reaches validation.
          if (Array.isArray(value)) expectRequestNotAnObject(answer);
          else expectMalformedJson(answer);
          expectNothingSentSince(seen);
        }),
        { numRuns: RUNS.notAnObject, seed: SEED },
      );
      report('bodies that are not an object', count, 'scalars and arrays');
    }, 60_000);

    it(`refuses ${RUNS.oversized} oversized bodies (up to 1 MB, under the 2 MB limit)`, async () => {
      let count = 0;
      let largest = 0;
      const kinds = new Tally();
      await fc.assert(
        fc.asyncProperty(oversized, async (size) => {
          count += 1;
          const seen = emulator.records.requests.length;
          const { body, path } = oversizedBody(size);
          const text = toJsonText(body);
          largest = Math.max(largest, text.length);
          expect(expectFieldErrors(await post(SEND_PATH, text))).toEqual([path]);
          expectNothingSentSince(seen);
          kinds.add(size.kind);
        }),
        {
          numRuns: RUNS.oversized,
          seed: SEED,
          examples: [
            [{ kind: 'attribute value', size: 1_000_000 }],
            [{ kind: '201+ attributes of 4000 characters', size: 250 }],
          ],
        },
      );
      expect(largest).toBeGreaterThan(1_000_000);
      report('oversized payloads', count, `largest ${largest} bytes; ${kinds}`);
    }, 60_000);

    it(`refuses ${RUNS.contentTypes} bodies sent with a content type other than JSON (400, never 415)`, async () => {
      let count = 0;
      const types = new Tally();
      const validText = toJsonText(documentedBody());
      const validForm =
        'To[Address]=example%40example.com&To[SubscriberKey]=k&Options[RequestType]=SYNC';
      const validMultipart = [
        '------fuzz',
        'Content-Disposition: form-data; name="To[Address]"',
        '',
        'example@example.com',
        '------fuzz',
        'Content-Disposition: form-data; name="To[SubscriberKey]"',
        '',
        'k',
        '------fuzz--',
        '',
      ].join('\r\n');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'text/plain',
            'text/plain; charset=utf-8',
            'application/xml',
            'text/xml',
            'application/x-www-form-urlencoded',
            'application/x-www-form-urlencoded; charset=utf-8',
            'application/octet-stream',
            'multipart/form-data; boundary=----fuzz',
            'none',
            'text/html',
            'text/json',
            'application/vnd.api+json',
            'image/png',
          ),
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.uint8Array({ maxLength: 200 }),
            fc.constantFrom(
              validText,
              validForm,
              validMultipart,
              '<TriggeredSend><To><Address>example@example.com</Address></To></TriggeredSend>',
              '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&To[Address]=a%40example.com',
              `a${'[b]'.repeat(40)}=1`,
            ),
            fc
              .integer({ min: 1001, max: 3000 })
              .map((fields) => Array.from({ length: fields }, (_, i) => `k${i}=${i}`).join('&')),
            fc.integer({ min: 100_001, max: 300_000 }).map((size) => `a=${'x'.repeat(size)}`),
          ),
          async (contentType, body) => {
            count += 1;
            const seen = emulator.records.requests.length;
            const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
            const answer = await post(
              SEND_PATH,
              bytes,
              contentType === 'none' ? null : contentType,
            );
            // Only JSON is parsed: any other body leaves the request without one.
            expect(expectFieldErrors(answer)).toEqual(['request']);
            expectNothingSentSince(seen);
            types.add(contentType);
          },
        ),
        { numRuns: RUNS.contentTypes, seed: SEED },
      );
      report('non-JSON content types', count, `${types}`);
    }, 60_000);

    it(`refuses ${RUNS.malformed} malformed JSON texts sent as application/json`, async () => {
      let count = 0;
      const kinds = new Tally();
      await fc.assert(
        fc.asyncProperty(malformedJsonText, async ({ kind, text }) => {
          count += 1;
          const seen = emulator.records.requests.length;
          expect(() => JSON.parse(text)).toThrow(SyntaxError);
          const answer = await post(SEND_PATH, text);
          // A text over the bounds is refused before it is parsed, JSON or not.
          if (jsonBodyBoundsError(Buffer.from(text)) === undefined) expectMalformedJson(answer);
          else expectFieldErrors(answer);
          expectNothingSentSince(seen);
          kinds.add(kind);
        }),
        { numRuns: RUNS.malformed, seed: SEED },
      );
      report('malformed JSON texts', count, `${kinds}`);
    }, 60_000);

    it(`refuses ${RUNS.definitions} invalid definitions in the path, naming "definition"`, async () => {
      let count = 0;
      const body = toJsonText(documentedBody());
      await fc.assert(
        fc.asyncProperty(
          // '' is no path segment, and fetch resolves '.' and '..': those go through postRaw below.
          invalidDefinitionString(false).filter((text) => !['', '.', '..'].includes(text)),
          async (definition) => {
            count += 1;
            const seen = emulator.records.requests.length;
            const answer = await post(`${ROUTE}/${encodeURIComponent(definition)}/send`, body);
            expect(expectFieldErrors(answer)).toEqual(['definition']);
            expectNothingSentSince(seen);
          },
        ),
        { numRuns: RUNS.definitions, seed: SEED },
      );
      report('invalid definitions', count, 'percent-encoded with encodeURIComponent');
    }, 60_000);

    it('refuses raw request targets that decode to an invalid definition, or do not decode', async () => {
      const seen = emulator.records.requests.length;
      const body = toJsonText(documentedBody());
      let count = 0;
      for (const segment of [
        '..',
        '.',
        '%2e%2e',
        '%2E',
        'key:%20%20',
        'key:%00',
        'key:%E2%80%AE',
      ]) {
        count += 1;
        expect(expectFieldErrors(await postRaw(`${ROUTE}/${segment}/send`, body))).toEqual([
          'definition',
        ]);
      }
      // Percent-encoding that does not decode (truncated, not UTF-8, an encoded lone surrogate, an
      // overlong '/'): Express refuses the parameter before the controller. Field-less, and it says so.
      for (const segment of [
        'key:%',
        'key:%E0%A4%A',
        '%ZZ',
        'key:%ED%A0%80',
        'key:%C0%AF',
        'key:%FF',
      ]) {
        count += 1;
        const answer = await postRaw(`${ROUTE}/${segment}/send`, body);
        expectErrorShape(answer, 400);
        expect(answer.body['message']).toBe(`Failed to decode param '${segment}'`);
        undecodableParamAnswers += 1;
      }
      expectNothingSentSince(seen);
      report('raw definition segments', count, 'dot segments, controls, undecodable escapes');
    });

    it('sent nothing to the emulator during all of the above', () => {
      expect(emulator.records.requests).toEqual([]);
      expect(emulator.counters).toMatchObject({ tokenRequests: 0, sendRequests: 0 });
    });
  });

  describe('valid keys with path tricks: one segment, exactly, to the send route', () => {
    it(`forwards ${RUNS.pathTricks} tricky keys as one segment and answers 404 (unknown key)`, async () => {
      let count = 0;
      const body = toJsonText(documentedBody());
      await fc.assert(
        fc.asyncProperty(trickyCustomerKey, async (customerKey) => {
          count += 1;
          const definition = `key:${customerKey}`;
          const seen = emulator.records.requests.length;
          const answer = await post(`${ROUTE}/${encodeURIComponent(definition)}/send`, body);
          expectErrorShape(answer, 404);
          expect(answer.body['error']).toBe('MarketingCloudNotFoundError');
          expectOneSendTo(seen, definition);
        }),
        { numRuns: RUNS.pathTricks, seed: SEED },
      );
      report('valid keys with path tricks', count, 'each reached the send route once, as 404');
    }, 60_000);

    it('decodes raw request targets once, and never lets them leave the send route', async () => {
      const body = toJsonText(documentedBody());
      let count = 0;
      for (const [segment, definition] of [
        ['key:..%2F..%2Fx', 'key:../../x'],
        ['key:a%2Fb', 'key:a/b'],
        ['key:%2e%2e', 'key:..'],
        ['key:%2E%2E%2F%2E%2E%2Fauth%2Fv2%2Ftoken', 'key:../../auth/v2/token'],
        ['key:%252F', 'key:%2F'],
        ['key:%C3%BC%F0%9F%99%82', 'key:ü🙂'],
        ['key:..', 'key:..'],
        ['key%3A..%2Fx', 'key:../x'],
      ] as const) {
        count += 1;
        const seen = emulator.records.requests.length;
        const answer = await postRaw(`${ROUTE}/${segment}/send`, body);
        expectErrorShape(answer, 404);
        expect(answer.body['error']).toBe('MarketingCloudNotFoundError');
        expectOneSendTo(seen, definition);
      }
      // A literal '/' makes another route: Nest's own 404, and nothing sent.
      for (const target of [
        `${ROUTE}/key:../../x/send`,
        `${ROUTE}/key:x/../../../../auth/v2/token/send`,
        `${ROUTE}//send`,
      ]) {
        count += 1;
        const seen = emulator.records.requests.length;
        const answer = await postRaw(target, body);
        expectErrorShape(answer, 404);
        expect(answer.body['message']).toBe(`Cannot POST ${target}`);
        expectNothingSentSince(seen);
      }
      report('raw path-trick targets', count, 'encoded slashes and dots, literal traversal');
    });
  });

  describe('bounded work: a huge body is refused small and fast (issue 15 item 1)', () => {
    beforeAll(async () => {
      // A warm server, as in production: the first request of a process pays one-off set-up.
      expectFieldErrors(await postRaw(SEND_PATH, '{}', false));
    });

    it('answers a 2 MB body of 170,000 unknown top-level keys with one small 400', async () => {
      const seen = emulator.records.requests.length;
      const text = JSON.stringify({ ...documentedBody(), ...manyKeys(170_000, 'k') });
      expect(Buffer.byteLength(text)).toBeGreaterThan(2_000_000);
      const answer = await timedPost('170,000 unknown top-level keys', text);
      expect(expectFieldErrors(answer)).toEqual(['request']);
      expect(answer.body['violations']).toEqual([
        {
          path: 'request',
          rule: 'maxProperties',
          message: 'request must have at most 200 properties',
        },
      ]);
      expect(Buffer.byteLength(answer.text)).toBeLessThan(8 * 1024);
      expectNothingSentSince(seen);
    });

    it('answers 2 MiB of `[` with one small 400 at the nesting bound (no stack of 2 million frames)', async () => {
      const seen = emulator.records.requests.length;
      const text = '['.repeat(2 * 1024 * 1024);
      const answer = await timedPost('2 MiB of [', text);
      const path = '[0]'.repeat(JSON_BODY_BOUNDS.depth);
      expect(answer.body['violations']).toEqual([
        {
          path,
          rule: 'maxDepth',
          message: `${path} must nest objects and arrays at most ${JSON_BODY_BOUNDS.depth} deep`,
        },
      ]);
      expect(Buffer.byteLength(answer.text)).toBeLessThan(8 * 1024);
      expectNothingSentSince(seen);
    });

    it('answers a body of 100,000 SubscriberAttributes with one small 400 naming the field', async () => {
      const seen = emulator.records.requests.length;
      const body = documentedBody();
      (body['To'] as Record<string, unknown>)['ContactAttributes'] = {
        SubscriberAttributes: manyKeys(100_000, 'a'),
      };
      const answer = await timedPost('100,000 SubscriberAttributes', JSON.stringify(body));
      expect(expectFieldErrors(answer)).toEqual(['To.ContactAttributes.SubscriberAttributes']);
      expect(answer.body['violations']).toEqual([
        {
          path: 'To.ContactAttributes.SubscriberAttributes',
          rule: 'isSubscriberAttributes',
          message: 'To.ContactAttributes.SubscriberAttributes must hold at most 200 attributes',
        },
      ]);
      expect(Buffer.byteLength(answer.text)).toBeLessThan(8 * 1024);
      expectNothingSentSince(seen);
    });

    it('answers the same small 400 for a UTF-16 body (not scanned: the service bounds it after parsing)', async () => {
      const seen = emulator.records.requests.length;
      const text = JSON.stringify({ ...documentedBody(), ...manyKeys(20_000, 'k') });
      const bytes = Buffer.from(text, 'utf16le');
      const answer = await post(SEND_PATH, bytes, 'application/json; charset=utf-16le');
      expect(answer.body['violations']).toEqual([
        {
          path: 'request',
          rule: 'maxProperties',
          message: 'request must have at most 200 properties',
        },
      ]);
      expect(Buffer.byteLength(answer.text)).toBeLessThan(8 * 1024);
      expectNothingSentSince(seen);
    });

    it('answers a lone surrogate in an address (a \\ud83d escape) with a 400 naming the field, not a 500', async () => {
      const seen = emulator.records.requests.length;
      const text = JSON.stringify(documentedBody()).replace(
        '"Address":"example@example.com"',
        '"Address":"example\\ud83d@example.com"',
      );
      expect(text).toContain('\\ud83d');
      const answer = await post(SEND_PATH, text);
      expect(answer.body['violations']).toEqual([
        { path: 'To.Address', rule: 'isEmail', message: 'To.Address must be an email address' },
      ]);
      expectNothingSentSince(seen);
    });

    it('lists 20 violations and counts the rest, for 199 unknown keys in each of three objects', async () => {
      const seen = emulator.records.requests.length;
      const body = documentedBody();
      Object.assign(body, manyKeys(196, 'k'));
      Object.assign(body['To'] as object, manyKeys(196, 't'));
      Object.assign(body['From'] as object, manyKeys(197, 'f'));
      const answer = await timedPost('589 unknown keys in three objects', toJsonText(body));
      const violations = answer.body['violations'] as Violation[];
      expectFieldErrors(answer);
      expect(violations).toHaveLength(21);
      expect(violations.at(-1)).toEqual({
        path: 'request',
        rule: 'moreViolations',
        message: 'request has 569 more violations, not listed',
      });
      expect(Buffer.byteLength(answer.text)).toBeLessThan(8 * 1024);
      expectNothingSentSince(seen);
    });
  });

  it('accepts a legitimate body of ~800 kB (200 attributes of 4000 characters): the size limit is not what refuses', async () => {
    const body = documentedBody();
    const to = body['To'] as Record<string, unknown>;
    to['ContactAttributes'] = {
      SubscriberAttributes: Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [`Attribute${i}`, 'v'.repeat(4000)]),
      ),
    };
    const sendsBefore = emulator.records.sends.length;
    const answer = await post(SEND_PATH, toJsonText(body));
    expect({ status: answer.status, text: answer.text }).toMatchObject({ status: 202 });
    expect(emulator.records.sends.slice(sendsBefore).map((send) => send.body)).toEqual([body]);
  });

  it('left no trace: no prototype polluted, no unhandled rejection, no error logged', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNamesBefore);
    expect(unhandled).toEqual([]);
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});
