import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPayload,
  documentedBody,
  exoticMutation,
  exoticValue,
  invalidPayloadOf,
  jsonMutation,
  minimalBody,
  notAnObjectBody,
  oversized,
  oversizedBody,
  PROTOTYPE_KEY_VARIANTS,
  senderSpelling,
  toJsonText,
  toJsValue,
} from '../../../../test/support/hostile-payloads.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { plainlyValidSendRequest } from './fast-send-request-check.js';
import {
  validateSendRequest,
  validateSendRequestWithClassValidator,
} from './validate-send-request.js';

/**
 * The fast path of validateSendRequest (fast-send-request-check.ts) must decide exactly as
 * class-validator does: the same accept or refuse, the same request when accepted and the same
 * violation list when refused, on valid bodies, bodies at the edges of every rule, and every
 * hostile family of the fuzz tests (test/support/hostile-payloads.ts). Replay a failure with
 * FUZZ_SEED=<seed> and the path fast-check prints.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_201);

type Outcome = { accepted: string } | { refused: unknown } | { threw: string };

function outcome(validate: (input: unknown) => unknown, input: unknown): Outcome {
  try {
    return { accepted: JSON.stringify(validate(input)) };
  } catch (error) {
    if (error instanceof MarketingCloudValidationError) return { refused: error.violations };
    return { threw: String(error) };
  }
}

let cases = 0;
let accepted = 0;
/** Accepted bodies that the fast path took by itself, with no normalising pass or class-validator. */
let acceptedByFastPath = 0;
/** Asserts the two decisions are the same; counts the case. */
function sameDecision(input: unknown): void {
  cases += 1;
  const fast = outcome(validateSendRequest, input);
  const reference = outcome(validateSendRequestWithClassValidator, input);
  // Compared as JSON text: expect's deep equality would cost more than both validations.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
  // Nothing but a MarketingCloudValidationError, whatever the input (a URIError from validator.js
  // on a lone surrogate in an address used to escape both).
  expect('threw' in fast ? fast : undefined).toBeUndefined();
  if ('accepted' in fast) accepted += 1;
  if (plainlyValidSendRequest(input) !== undefined) acceptedByFastPath += 1;
}

// ---- Valid bodies and bodies at the edge of each rule ----------------------------------------

const utf16 = (length: number, unit: string) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
/** Strings near each length limit, counted in UTF-16 units, with emoji and blanks. */
const edgeString = fc.oneof(
  fc.constantFrom('', ' ', '\t', '\u00a0', '\u200b', 'x', ' x ', '😀'),
  fc
    .tuple(fc.constantFrom(253, 254, 255, 256, 257), fc.constantFrom('a', '😀', ' ', 'é'))
    .map(([length, unit]) => utf16(length, unit)),
  fc.string({ maxLength: 12 }),
);
/** Cheap to generate (fc.emailAddress() would cost more than both validations): parts that make and break addresses. */
const generatedAddress = fc
  .tuple(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('@', '@', '@', '', '@@', ' @'),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('.com', '.example', '.c', '', '.', '..com', '.co.uk'),
  )
  .map(([local, at, domain, tld]) => `${local}${at}${domain}${tld}`);
const emailLike = fc.oneof(
  generatedAddress,
  fc.constantFrom(
    'example@example.com',
    'a@b',
    'a@b.c',
    'not an email',
    '@example.com',
    'x@example.com ',
    'ü@exämple.com',
    `${'a'.repeat(64)}@example.com`,
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(240)}.com`,
  ),
  edgeString,
);
const attributeValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom('x'.repeat(4000), 'x'.repeat(4001), null, [], {}),
);
const attributeName = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom('', ' ', 'x'.repeat(128), 'x'.repeat(129), 'Attribute', 'attribute'),
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary });

/** Bodies of the documented shape with values anywhere from valid to just over a limit. */
const shapedBody = fc
  .record({
    fromAddress: maybe(emailLike),
    fromName: maybe(fc.oneof(edgeString, fc.constant(null))),
    toAddress: maybe(emailLike),
    subscriberKey: maybe(fc.oneof(edgeString, fc.integer(), fc.constant(null))),
    attributes: maybe(
      fc.oneof(
        fc.dictionary(attributeName, attributeValue, { maxKeys: 5 }),
        fc.constantFrom([], {}, null, 'x'),
      ),
    ),
    requestType: maybe(fc.constantFrom('ASYNC', 'SYNC', 'async', 'Sync', '', 'BATCH', null, 1)),
    from: fc.boolean(),
    options: fc.boolean(),
  })
  .map((b) => {
    const body: Record<string, unknown> = {};
    if (b.from) body['From'] = { Address: b.fromAddress, Name: b.fromName };
    const to: Record<string, unknown> = { Address: b.toAddress, SubscriberKey: b.subscriberKey };
    if (b.attributes !== undefined)
      to['ContactAttributes'] = { SubscriberAttributes: b.attributes };
    body['To'] = to;
    if (b.options) body['Options'] = { RequestType: b.requestType };
    // JSON has no undefined: what a parsed body holds.
    return JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  });

/**
 * How a sender may spell a documented name: as documented, in another ASCII case, with letters
 * whose Unicode case mapping is ASCII (the Kelvin sign lower-cases to `k`, the long s and the
 * dotless i upper-case to `S` and `I`: never the documented name), or twice in two spellings.
 */
const spelling = fc.oneof(
  { weight: 6, arbitrary: fc.constant('kept') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'lower',
      'upper',
      'flipped',
      'kelvin',
      'long s',
      'dotless i',
      'twice',
    ),
  },
);
function respell(key: string, how: string): string {
  if (how === 'lower') return key.toLowerCase();
  if (how === 'upper') return key.toUpperCase();
  if (how === 'flipped')
    return [...key].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
  if (how === 'kelvin') return key.replace(/k/gi, '\u212a');
  if (how === 'long s') return key.replace(/s/g, '\u017f');
  if (how === 'dotless i') return key.replace(/i/g, '\u0131');
  return key;
}
/** Attribute names that clash: twins in case (ASCII or not), prototype names in any case, many. */
const clashingAttributes = fc.oneof(
  fc.constantFrom(
    { Region: 'West', region: 'East' },
    { City: 'x', CITY: 'y' },
    { '\u212a': 'kelvin', k: 'ascii' },
    { '\u00c9t\u00e9': 'a', '\u00e9t\u00e9': 'b' },
    { Straße: 'a', STRASSE: 'b' },
  ),
  fc.constantFrom(...PROTOTYPE_KEY_VARIANTS).map((name) => ({ [name]: 'x', Region: 'West' })),
  fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean())
    .map(([count, twin, unicode]) => {
      const attributes: Record<string, unknown> = {};
      for (let i = 0; i < count; i += 1) attributes[`${unicode ? '\u00e9' : 'a'}ttr${i}`] = i;
      if (twin) attributes[`${unicode ? '\u00c9' : 'A'}TTR${count - 1}`] = 'twin';
      return attributes;
    }),
);

/**
 * Shaped bodies (valid ones among them) with their documented names respelled, JS-only
 * `undefined` values and clashing attribute names: the cases where the fast path's own matching
 * of names (fast-send-request-check.ts) must agree with the normaliser's.
 */
const respelledBody = fc
  .tuple(
    fc.oneof(
      shapedBody,
      fc.constant(undefined).map(documentedBody),
      fc.constant(undefined).map(minimalBody),
    ),
    fc.array(spelling, { minLength: 12, maxLength: 12 }),
    fc.constantFrom('none', 'undefined From', 'undefined Address', 'undefined attributes'),
    fc.option(clashingAttributes, { freq: 3 }),
  )
  .map(([body, spellings, undefinedAt, attributes]) => {
    let next = 0;
    const recase = (value: unknown, attributeMap: boolean): unknown => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const output: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(value)) {
        if (attributeMap) {
          output[key] = member;
          continue;
        }
        const how = spellings[next++ % spellings.length]!;
        const recased = recase(member, key === 'SubscriberAttributes');
        output[respell(key, how)] = recased;
        if (how === 'twice') output[key.toLowerCase()] = recased;
      }
      return output;
    };
    const to = body['To'] as Record<string, unknown>;
    if (attributes) to['ContactAttributes'] = { SubscriberAttributes: attributes };
    if (undefinedAt === 'undefined From') body['From'] = undefined;
    if (undefinedAt === 'undefined Address') to['Address'] = undefined;
    if (undefinedAt === 'undefined attributes')
      to['ContactAttributes'] = { SubscriberAttributes: undefined };
    return recase(body, false);
  });

/** The hostile families cost a millisecond each to generate; the shaped bodies make up the bulk. */
const RUNS = {
  shaped: 68_000,
  respelled: 10_000,
  senderSpelling: 8_000,
  mutatedJson: 5_000,
  mutatedExotic: 2_000,
  notAnObject: 5_000,
  exotic: 2_000,
  oversized: 20,
};
const TOTAL = Object.values(RUNS).reduce((sum, runs) => sum + runs, 2);

describe('validateSendRequest: the fast path decides exactly as class-validator', () => {
  it(`gives the same decision and violations as class-validator on ${TOTAL.toLocaleString('en-US')} generated bodies`, () => {
    const run = (arbitrary: fc.Arbitrary<unknown>, numRuns: number) =>
      fc.assert(
        fc.property(arbitrary, (input) => sameDecision(input)),
        { numRuns, seed: SEED },
      );

    sameDecision(documentedBody());
    sameDecision(minimalBody());
    run(shapedBody, RUNS.shaped);
    const acceptedBefore = accepted;
    run(respelledBody, RUNS.respelled);
    // Valid bodies among the respelled ones too, not only refusals.
    expect(accepted - acceptedBefore).toBeGreaterThan(1_000);
    run(
      senderSpelling.map(({ body }) => body),
      RUNS.senderSpelling,
    );
    run(
      fc.tuple(invalidPayloadOf(jsonMutation), fc.boolean()).map(([payload, asText]) => {
        const { body } = buildPayload(payload);
        return asText ? JSON.parse(toJsonText(body)) : toJsValue(body);
      }),
      RUNS.mutatedJson,
    );
    run(
      invalidPayloadOf(fc.oneof(jsonMutation, exoticMutation)).map((payload) =>
        toJsValue(buildPayload(payload).body),
      ),
      RUNS.mutatedExotic,
    );
    run(notAnObjectBody, RUNS.notAnObject);
    run(fc.oneof(exoticValue, fc.constant(undefined)), RUNS.exotic);
    run(
      oversized.map((size) => oversizedBody(size).body),
      RUNS.oversized,
    );

    expect(cases).toBe(TOTAL);
    // Both sides of the decision were exercised, many times.
    expect(accepted).toBeGreaterThan(5_000);
    expect(cases - accepted).toBeGreaterThan(50_000);
    // Every valid body was accepted by the fast path alone: class-validator never ran on one.
    expect(acceptedByFastPath).toBe(accepted);
    process.stdout.write(
      `differential: ${cases.toLocaleString('en-US')} generated bodies, ${accepted.toLocaleString('en-US')} accepted (${acceptedByFastPath.toLocaleString('en-US')} of them by the fast path alone) and ${(cases - accepted).toLocaleString('en-US')} refused, the same decision and violations with and without the fast path\n`,
    );
  }, 120_000);
});
