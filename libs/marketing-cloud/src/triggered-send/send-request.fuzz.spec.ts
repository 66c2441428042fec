import type { TestingModule } from '@nestjs/testing';
import * as fc from 'fast-check';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPayload,
  concerns,
  documentedBody,
  exoticMutation,
  exoticValue,
  invalidDefinitionString,
  invalidPayloadOf,
  jsonMutation,
  notAnObjectBody,
  OBJECT_PROTOTYPE_NAMES,
  oversized,
  oversizedBody,
  Tally,
  toJsonText,
  toJsValue,
} from '../../../../test/support/hostile-payloads.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import { TriggeredSendService } from './triggered-send.service.js';

/**
 * Hostile input against TriggeredSendService, over a real emulator: thousands of generated invalid
 * payloads and definitions (invalid by construction, see test/support/hostile-payloads.ts). Every
 * one must be refused with a MarketingCloudValidationError naming each field, and nothing may
 * reach the emulator, not even a token request. Replay a failure with FUZZ_SEED=<seed> and the
 * path fast-check prints.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_126);
const VALID_DEFINITION = 'key:external_key';
const RUNS = {
  payloads: 3500,
  exotic: 1000,
  notAnObject: 300,
  oversized: 200,
  definitions: 1000,
};

describe('TriggeredSendService under hostile input (property-based)', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;
  const prototypeNamesBefore = Object.getOwnPropertyNames(Object.prototype);
  const ran: Record<string, number> = {};

  function report(name: string, count: number, detail: string): void {
    ran[name] = count;
    process.stdout.write(`fuzz: ${count} ${name} against TriggeredSendService (${detail})\n`);
  }

  /** Sends, and returns the validation error after checking that every violation names its field. */
  async function refusal(definition: unknown, request: unknown) {
    const seen = emulator.records.requests.length;
    let outcome: unknown = 'resolved';
    try {
      await service.send(definition as string, request as TriggeredSendRequest);
    } catch (error) {
      outcome = error;
    }
    expect(outcome).toBeInstanceOf(MarketingCloudValidationError);
    const error = outcome as MarketingCloudValidationError;
    expect(error.violations.length).toBeGreaterThan(0);
    for (const violation of error.violations) {
      expect(typeof violation.path).toBe('string');
      expect(violation.path.trim()).not.toBe('');
      expect(violation.rule).toMatch(/\S/);
      expect(violation.message.slice(0, violation.path.length)).toBe(violation.path);
      expect(violation.message.length).toBeGreaterThan(violation.path.length + 1);
      expect(error.message).toContain(violation.message);
    }
    // Nothing reached the emulator: not the send, not a token request.
    expect(
      emulator.records.requests
        .slice(seen)
        .map((recorded) => `${recorded.method} ${recorded.url} ${recorded.bodyText.slice(0, 500)}`),
    ).toEqual([]);
    return { error, paths: error.violations.map((violation) => violation.path) };
  }

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({ host: '127.0.0.1' });
    moduleRef = await createMarketingCloudTestingModule(emulatorOptions(emulator));
    service = moduleRef.get(TriggeredSendService);
    process.stdout.write(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await emulator?.close();
    const total = Object.values(ran).reduce((sum, count) => sum + count, 0);
    process.stdout.write(
      `fuzz: ${total} cases in total against TriggeredSendService (${Object.entries(ran)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')})\n`,
    );
  });

  it('starts with no request to the emulator (no token fetched ahead)', () => {
    expect(emulator.records.requests).toEqual([]);
  });

  it(`refuses ${RUNS.payloads} mutated documented bodies, as parsed JSON text and as JS objects`, async () => {
    let count = 0;
    const forms = new Tally();
    const kinds = new Tally();
    await fc.assert(
      fc.asyncProperty(
        invalidPayloadOf(jsonMutation),
        fc.constantFrom('parsed JSON text', 'JS object'),
        async (payload, form) => {
          count += 1;
          const { body, applied, paths: mutated } = buildPayload(payload);
          expect(applied.length).toBeGreaterThan(0);
          const input: unknown =
            form === 'JS object' ? toJsValue(body) : JSON.parse(toJsonText(body));
          const { paths } = await refusal(VALID_DEFINITION, input);
          expect(paths).not.toContain('definition');
          // The refusal is about what was broken, not something else.
          expect(paths.some((path) => mutated.some((target) => concerns(path, target)))).toBe(true);
          forms.add(form);
          for (const change of applied) kinds.add(change.kind);
        },
      ),
      { numRuns: RUNS.payloads, seed: SEED },
    );
    report('invalid payloads', count, `${forms}; mutations: ${kinds}`);
  }, 60_000);

  it(`refuses ${RUNS.exotic} bodies holding values JSON cannot express (Map, Date, function, NaN...)`, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(
        exoticMutation,
        fc.array(fc.oneof(jsonMutation, exoticMutation), { maxLength: 2 }),
        fc.constantFrom('documented' as const, 'minimal' as const),
        async (first, rest, base) => {
          count += 1;
          const {
            body,
            applied,
            paths: mutated,
          } = buildPayload({
            base,
            mutations: [first, ...rest],
          });
          expect(applied.length).toBeGreaterThan(0);
          const { paths } = await refusal(VALID_DEFINITION, toJsValue(body));
          expect(paths.some((path) => mutated.some((target) => concerns(path, target)))).toBe(true);
        },
      ),
      { numRuns: RUNS.exotic, seed: SEED },
    );
    report('payloads with non-JSON values', count, 'JS objects');
  }, 60_000);

  it(`refuses ${RUNS.notAnObject} requests that are not an object, at the path "request"`, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(notAnObjectBody, exoticValue, fc.constant(undefined)),
        async (request) => {
          count += 1;
          const { paths } = await refusal(VALID_DEFINITION, toJsValue(request));
          expect(paths).toEqual(['request']);
        },
      ),
      { numRuns: RUNS.notAnObject, seed: SEED },
    );
    report('requests that are not an object', count, 'scalars, arrays, Map, Date, function...');
  }, 60_000);

  it(`refuses ${RUNS.oversized} oversized bodies (up to 1 MB), naming the one oversized field`, async () => {
    let count = 0;
    const kinds = new Tally();
    await fc.assert(
      fc.asyncProperty(oversized, async (size) => {
        count += 1;
        const { body, path } = oversizedBody(size);
        const { paths } = await refusal(VALID_DEFINITION, body);
        expect(paths).toEqual([path]);
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
    report('oversized payloads', count, `${kinds}`);
  }, 60_000);

  it(`refuses ${RUNS.definitions} invalid definitions, at the path "definition"`, async () => {
    let count = 0;
    const types = new Tally();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: invalidDefinitionString(true) },
          fc.oneof(
            fc.integer(),
            fc.boolean(),
            fc.constant(null),
            fc.constant(undefined),
            fc.constant(['key:external_key']),
            fc.constant({ key: 'external_key' }),
            exoticValue,
          ),
        ),
        async (definition) => {
          count += 1;
          const { paths } = await refusal(definition, documentedBody());
          expect(paths).toEqual(['definition']);
          types.add(typeof definition);
        },
      ),
      { numRuns: RUNS.definitions, seed: SEED },
    );
    report('invalid definitions', count, `typeof: ${types}`);
  }, 60_000);

  it('sent nothing to the emulator and polluted no prototype, over the whole run', () => {
    expect(emulator.records.requests).toEqual([]);
    expect(emulator.counters).toMatchObject({ tokenRequests: 0, sendRequests: 0 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNamesBefore);
    expect(OBJECT_PROTOTYPE_NAMES).toEqual(prototypeNamesBefore);
  });
});
