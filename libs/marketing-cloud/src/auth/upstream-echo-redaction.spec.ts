/**
 * An upstream (or a proxy in front of it) that echoes what it was sent: the token request's
 * client_secret in `error_description`, the bearer token in a REST `message`. Neither may reach an
 * error message, an error's JSON, a log line or the HTTP answer of the app, and the quoted text is
 * capped and stripped of line breaks (no forged log lines).
 */
import { Body, Controller, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { everythingVisible, leakedCanaries } from '../../../../test/support/secrets.js';
import { MarketingCloudExceptionFilter } from '../errors/marketing-cloud-exception.filter.js';
import { MAX_UPSTREAM_TEXT_LENGTH } from '../errors/upstream-text.js';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import type { TriggeredSendRequest } from '../triggered-send/triggered-send-request.dto.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const CLIENT_ID = 'echo-client';
const CLIENT_SECRET = 'CANARY-ECHO-SECRET-9b2f4e1d';

@Controller()
class SendController {
  constructor(private readonly sends: TriggeredSendService) {}

  @Post('send')
  send(@Body() body: TriggeredSendRequest) {
    return this.sends.send('key:external_key', body);
  }
}

describe('upstream text that echoes the secret or the token', () => {
  let emulator: MarketingCloudEmulator;
  let app: INestApplication;
  let url: string;
  const logger = new CapturingLogger();
  const answers: { status: number; text: string }[] = [];
  const errors: unknown[] = [];

  async function post(address: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sendBody(address)),
    });
    const answer = { status: response.status, text: await response.text() };
    answers.push(answer);
    return answer;
  }

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudModule.forRoot({
          authBaseUrl: emulator.authBaseUrl,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          retry: { maxAttempts: 1 },
        }),
      ],
      controllers: [SendController],
      providers: [{ provide: APP_FILTER, useClass: MarketingCloudExceptionFilter }],
    })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication({ logger });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    url = `http://127.0.0.1:${port}/send`;
  });

  afterAll(async () => {
    await app.close();
    await emulator.close();
  });

  function tokens(): string[] {
    return [...emulator.counters.requestsPerToken.keys()];
  }

  it('token endpoint: an error_description echoing client_secret (with a forged log line) is scrubbed and capped', async () => {
    emulator.faults.inject({
      route: 'token',
      times: 2, // the app's call, then a direct one
      action: {
        type: 'respond',
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: `Bad request body {"client_id":"${CLIENT_ID}","client_secret":"${CLIENT_SECRET}"}\n[Nest] 1 - ERROR forged line\u2028${'x'.repeat(2000)}`,
        },
      },
    });
    const answer = await post('echo-token@example.com');
    expect(answer.status).toBe(502);
    const { message } = JSON.parse(answer.text) as { message: string };
    expect(message).toContain('"client_secret":"[redacted]"');
    expect(message).not.toMatch(/[\n\r\u2028]/);
    expect(message).toContain('Bad request body');
    // The quoted part is capped; the message around it stays short.
    expect(message.length).toBeLessThan(MAX_UPSTREAM_TEXT_LENGTH + 200);
    try {
      await app.get(TriggeredSendService).send('key:external_key', sendBody('again@example.com'));
    } catch (error) {
      errors.push(error);
    }
  });

  it('REST: a message echoing the bearer token and the secret is scrubbed', async () => {
    await post('warm-up@example.com');
    const [token] = tokens();
    expect(token).toMatch(/^.{512}$/);
    emulator.faults.inject({
      route: 'send',
      action: {
        type: 'respond',
        status: 400,
        body: {
          message: `Invalid request: Authorization: Bearer ${token!}; raw ${token!}; secret ${CLIENT_SECRET}.`,
          errorcode: 10004,
        },
      },
    });
    const answer = await post('echo-rest@example.com');
    expect(answer.status).toBe(502);
    const { message } = JSON.parse(answer.text) as { message: string };
    expect(message).toBe(
      'Marketing Cloud answered the send with HTTP 400, errorcode 10004 InvalidMessageFormat: Invalid request: Authorization: Bearer [redacted]; raw [redacted]; secret [redacted].',
    );
    emulator.faults.inject({
      route: 'send',
      action: {
        type: 'respond',
        status: 400,
        body: { message: `echo ${token!}`, errorcode: 10004 },
      },
    });
    try {
      await app.get(TriggeredSendService).send('key:external_key', sendBody('direct@example.com'));
    } catch (error) {
      errors.push(error);
    }
  });

  it('no answer, error (message, JSON, inspect, cause) or log line holds the secret or a token (runs last)', () => {
    const canaries = [CLIENT_SECRET, ...tokens()];
    expect(tokens().length).toBeGreaterThan(0);
    expect(errors).toHaveLength(2);
    expect(leakedCanaries(answers.map((answer) => answer.text).join('\n'), canaries)).toEqual([]);
    for (const error of errors)
      expect(leakedCanaries(everythingVisible(error), canaries)).toEqual([]);
    expect(leakedCanaries(logger.lines.join('\n'), canaries)).toEqual([]);
    expect(logger.lines.some((line) => line.includes('[redacted]'))).toBe(true);
  });
});
