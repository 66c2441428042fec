import { describe, expect, it } from 'vitest';
import { manyKeys } from '../../../../test/support/hostile-payloads.js';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { validateSendBatch } from './validate-send-batch.js';
import { MAX_LISTED_VIOLATIONS, MORE_VIOLATIONS_RULE } from './violation-list.js';

function violationsOf(input: unknown) {
  let caught: unknown;
  try {
    validateSendBatch(input);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MarketingCloudValidationError);
  return (caught as MarketingCloudValidationError).violations;
}

describe('validateSendBatch', () => {
  it('returns the validated requests in order', () => {
    const bodies = validateSendBatch([sendBody('a@example.com'), sendBody('b@example.com')]);
    expect(bodies.map((body) => body.To.Address)).toEqual(['a@example.com', 'b@example.com']);
  });

  it('names each bad element by its index, at every kind of path', () => {
    const violations = violationsOf([
      sendBody(),
      'not an object',
      { ...sendBody(), '': 1 },
      { ...sendBody(), To: { ...sendBody().To, Address: 'nope' } },
    ]);
    expect(violations.map((violation) => violation.path)).toEqual([
      '[1]',
      '[2][""]',
      '[3].To.Address',
    ]);
    for (const violation of violations)
      expect(violation.message.startsWith(violation.path)).toBe(true);
  });

  it(`lists ${MAX_LISTED_VIOLATIONS} violations across elements and counts the rest in one last entry`, () => {
    const violations = violationsOf(Array.from({ length: 500 }, () => ({ To: {} })));
    expect(violations).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(violations.slice(0, 3).map((violation) => violation.message)).toEqual([
      '[0].To.Address is required',
      '[0].To.SubscriberKey is required',
      '[1].To.Address is required',
    ]);
    expect(violations.at(-1)).toEqual({
      path: 'request',
      rule: MORE_VIOLATIONS_RULE,
      message: 'request has 980 more violations, not listed',
    });
  });

  it("counts the violations an element's own capped list left out", () => {
    // Element 1 alone has 150 violations: 20 listed by its own list, 130 in its "more" entry.
    const violations = violationsOf([sendBody(), { ...sendBody(), ...manyKeys(150, 'k') }]);
    expect(violations).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(violations[0]!.message).toBe('[1].k100000 is not a known property');
    expect(violations.at(-1)!.message).toBe('request has 130 more violations, not listed');
  });

  it.each([
    ['not an array', { 0: sendBody() }, 'isArray'],
    ['an empty array', [], 'arrayLength'],
  ])('refuses %s', (_, input, rule) => {
    expect(violationsOf(input)).toEqual([expect.objectContaining({ path: 'requests', rule })]);
  });
});
