import {
  Body,
  Controller,
  HttpCode,
  Module,
  Post,
  ValidationPipe,
  type INestApplication,
} from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import * as fc from 'fast-check';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import {
  MarketingCloudExceptionFilter,
  MarketingCloudValidationError,
  TriggeredSendRequest,
  TriggeredSendRequestPipe,
  TriggeredSendService,
} from 'nestjs-marketing-cloud';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPayload,
  invalidPayloadOf,
  jsonMutation,
  toJsonText,
} from './support/hostile-payloads.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
} from './support/marketing-cloud-testing.js';

/**
 * The exported DTO under Nest's own ValidationPipe (issue 10 item 6): a controller with
 * `@Body() body: TriggeredSendRequest`, over real HTTP, answers with the same messages, in the same
 * order, as TriggeredSendService's own validation gives for the same body (`To.Address must be an
 * email address`, not `To.must be an email address`).
 */

@Controller('sends')
class SendsController {
  @Post()
  @HttpCode(202)
  send(@Body() body: TriggeredSendRequest): { accepted: boolean } {
    return { accepted: body instanceof TriggeredSendRequest };
  }
}

@Module({ controllers: [SendsController] })
class PipeAppModule {}

/** The same route with the library's pipe instead (and no ValidationPipe in that app). */
@Controller('sends')
class LiberalSendsController {
  @Post()
  @HttpCode(202)
  send(@Body(TriggeredSendRequestPipe) body: TriggeredSendRequest): { sent: string } {
    return { sent: JSON.stringify(body) };
  }
}

@Module({ controllers: [LiberalSendsController] })
class LiberalAppModule {}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_126);
const TO = { Address: 'example@example.com', SubscriberKey: 'k' };
/**
 * Mutations whose body means the same to both paths: one broken field rule, in the documented
 * casing. (Left out: what the service alone accepts or normalises, such as case variants and empty
 * optional strings; unknown and prototype keys, which class-validator words its own way; arrays in
 * place of objects, whose elements ValidationPipe also reports; several attribute problems, which
 * ValidationPipe puts in one message.)
 */
const SHARED_KINDS = new Set([
  'remove required',
  'not a string',
  'not an email',
  'email over 254',
  'SubscriberKey empty or over 254',
  'From.Name over 256',
  'RequestType',
  'not an object',
  'attribute value',
  'over 200 attributes',
]);

describe("the DTO under Nest's ValidationPipe and the service's own validation say the same", () => {
  let app: INestApplication;
  let liberalApp: INestApplication;
  let baseUrl: string;
  let liberalUrl: string;
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;

  beforeAll(async () => {
    app = await NestFactory.create(PipeAppModule, { logger: false });
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    liberalApp = await NestFactory.create(LiberalAppModule, { logger: false });
    liberalApp.useGlobalFilters(new MarketingCloudExceptionFilter(liberalApp.get(HttpAdapterHost)));
    await liberalApp.listen(0, '127.0.0.1');
    liberalUrl = `http://127.0.0.1:${(liberalApp.getHttpServer().address() as AddressInfo).port}`;
    emulator = await startMarketingCloudEmulator({ host: '127.0.0.1' });
    moduleRef = await createMarketingCloudTestingModule(emulatorOptions(emulator));
    service = moduleRef.get(TriggeredSendService);
  });

  afterAll(async () => {
    await app?.close();
    await liberalApp?.close();
    await moduleRef?.close();
    await emulator?.close();
  });

  /** ValidationPipe's message list for a body (JSON text), over HTTP. */
  async function pipeMessages(bodyText: string): Promise<unknown> {
    const response = await fetch(`${baseUrl}/sends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyText,
    });
    const answer = (await response.json()) as { message?: unknown };
    return response.status === 400 ? answer.message : `HTTP ${response.status}`;
  }

  /** The service's violation messages for the same body. */
  async function serviceMessages(bodyText: string): Promise<unknown> {
    try {
      await service.send('key:external_key', JSON.parse(bodyText) as TriggeredSendRequest);
      return 'sent';
    } catch (error) {
      if (!(error instanceof MarketingCloudValidationError)) throw error;
      return error.violations.map((violation) => violation.message);
    }
  }

  async function postLiberal(body: unknown) {
    const response = await fetch(`${liberalUrl}/sends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it.each([
    [
      'an address that is not one, and an unknown RequestType',
      { To: { Address: 'not-an-email', SubscriberKey: 'k' }, Options: { RequestType: 'FAST' } },
      ['To.Address must be an email address', 'Options.RequestType must be ASYNC or SYNC'],
    ],
    [
      'a number address, an empty key, a bad From',
      { From: { Address: 'x', Name: 'n'.repeat(300) }, To: { Address: 5, SubscriberKey: '' } },
      [
        'From.Address must be an email address',
        'From.Name must be at most 256 characters',
        'To.Address must be a string',
        'To.SubscriberKey must not be empty',
      ],
    ],
    ['no To', {}, ['To is required']],
    ['To a string', { To: 'example@example.com' }, ['To must be an object']],
    ['To null', { To: null }, ['To must be an object']],
    ['To an empty array', { To: [] }, ['To must be an object']],
    [
      'null From, missing key',
      { From: null, To: { Address: 'example@example.com' } },
      ['From must be an object', 'To.SubscriberKey is required'],
    ],
    [
      'a blank key, an object attribute',
      {
        To: {
          ...TO,
          SubscriberKey: '   ',
          ContactAttributes: { SubscriberAttributes: { Region: { x: 1 } } },
        },
      },
      [
        'To.SubscriberKey must not be blank',
        'To.ContactAttributes.SubscriberAttributes.Region must be a string, a number or a boolean',
      ],
    ],
    [
      'lengths counted in UTF-16 units, Options null',
      {
        To: { Address: `${'a'.repeat(300)}@x.com`, SubscriberKey: '😀'.repeat(128) },
        Options: null,
      },
      [
        'To.Address must be at most 254 characters',
        'To.SubscriberKey must be at most 254 characters',
        'Options must be an object',
      ],
    ],
    [
      'ContactAttributes and SubscriberAttributes of the wrong type',
      { To: { ...TO, ContactAttributes: { SubscriberAttributes: 'Region=West' } } },
      ['To.ContactAttributes.SubscriberAttributes must be an object of attribute names to values'],
    ],
  ])('%s', async (_what, body, expected) => {
    const text = JSON.stringify(body);
    expect(await pipeMessages(text)).toEqual(expected);
    expect(await serviceMessages(text)).toEqual(expected);
  });

  it('accepts the documented body both ways', async () => {
    const text = JSON.stringify({
      From: { Address: 'code@exacttarget.com', Name: 'Code@' },
      To: { ...TO, ContactAttributes: { SubscriberAttributes: { Region: 'West' } } },
      Options: { RequestType: 'ASYNC' },
    });
    const response = await fetch(`${baseUrl}/sends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 202,
      body: { accepted: true },
    });
    expect(await serviceMessages(text)).toBe('sent');
  });

  it('gives the same messages both ways for 500 generated bodies, each breaking one field rule', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(
        invalidPayloadOf(jsonMutation).filter(
          ({ mutations }) =>
            mutations.length === 1 &&
            SHARED_KINDS.has(mutations[0]!.kind) &&
            !(Array.isArray(mutations[0]!.value) && mutations[0]!.value.length > 0) &&
            // The service shows such names escaped or cut in its paths; ValidationPipe as they are.
            mutations[0]!.path.every((key) => key.length <= 32 && !INVISIBLE.test(key)),
        ),
        async (payload) => {
          const { body, applied } = buildPayload(payload);
          if (applied.length === 0) return;
          count += 1;
          const text = toJsonText(body);
          const viaPipe = await pipeMessages(text);
          expect(viaPipe).toEqual(await serviceMessages(text));
          expect(Array.isArray(viaPipe) && viaPipe.length > 0).toBe(true);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
    process.stdout.write(`pipe: ${count} generated bodies, same messages both ways\n`);
    expect(count).toBeGreaterThan(400);
  }, 60_000);

  describe("TriggeredSendRequestPipe: the service's rules for a controller", () => {
    it('accepts OPTIONS and empty From strings, and hands the controller the documented shape', async () => {
      expect(
        await postLiberal({
          From: { Address: '', Name: '' },
          to: TO,
          OPTIONS: { RequestType: 'SYNC' },
        }),
      ).toEqual({
        status: 202,
        body: { sent: JSON.stringify({ To: TO, Options: { RequestType: 'SYNC' } }) },
      });
    });

    it('refuses a bad body with a 400 listing the violations the service gives', async () => {
      const body = {
        To: { Address: 'not-an-email', SubscriberKey: 'k' },
        Options: { RequestType: 'FAST' },
      };
      const answer = await postLiberal(body);
      expect(answer).toMatchObject({
        status: 400,
        body: { error: 'MarketingCloudValidationError' },
      });
      expect((answer.body['violations'] as { message: string }[]).map((v) => v.message)).toEqual(
        await serviceMessages(JSON.stringify(body)),
      );
    });
  });
});
