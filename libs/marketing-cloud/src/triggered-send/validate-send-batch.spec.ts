import { describe, expect, it } from 'vitest';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { validateSendBatch } from './validate-send-batch.js';

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

  it.each([
    ['not an array', { 0: sendBody() }, 'isArray'],
    ['an empty array', [], 'arrayLength'],
  ])('refuses %s', (_, input, rule) => {
    expect(violationsOf(input)).toEqual([expect.objectContaining({ path: 'requests', rule })]);
  });
});
