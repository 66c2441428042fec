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
  senderSpelling,
  toJsonText,
  toJsValue,
} from '../../../../test/support/hostile-payloads.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
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
/** Asserts the two decisions are the same; counts the case. */
function sameDecision(input: unknown): void {
  cases += 1;
  const fast = outcome(validateSendRequest, input);
  const reference = outcome(validateSendRequestWithClassValidator, input);
  // Compared as JSON text: expect's deep equality would cost more than both validations.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
  if ('accepted' in fast) accepted += 1;
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

/** The hostile families cost a millisecond each to generate; the shaped bodies make up the bulk. */
const RUNS = {
  shaped: 78_000,
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
    process.stdout.write(
      `differential: ${cases.toLocaleString('en-US')} generated bodies, ${accepted.toLocaleString('en-US')} accepted and ${(cases - accepted).toLocaleString('en-US')} refused, the same decision and violations with and without the fast path\n`,
    );
  }, 120_000);
});
