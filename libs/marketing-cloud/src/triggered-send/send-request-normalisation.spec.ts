import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { senderSpelling, toJsonText } from '../../../../test/support/hostile-payloads.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import {
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
} from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';

/**
 * Liberal in what it accepts, exact in what it sends: property names in any case, empty optional
 * strings and `SubscriberAttributes: []` are accepted and rebuilt in the documented shape (the
 * JSON sent is compared as text, so key order and casing are checked too); two spellings of one
 * property, and anything else, stay refused.
 */

const ATTRIBUTES_PATH = 'To.ContactAttributes.SubscriberAttributes';
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_126);

/** What would be sent: the validated request as JSON text. */
function sent(input: unknown): string {
  return JSON.stringify(validateSendRequest(input));
}

function refusal(input: unknown): MarketingCloudValidationError {
  let thrown: unknown;
  try {
    validateSendRequest(input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MarketingCloudValidationError);
  return thrown as MarketingCloudValidationError;
}

const TO = { Address: 'example@example.com', SubscriberKey: 'example@example.com' };

describe('property names are matched without regard to case', () => {
  it('sends upper-case OPTIONS as Options (the Commerce Cloud connector body)', () => {
    expect(sent({ To: TO, OPTIONS: { RequestType: 'SYNC' } })).toBe(
      JSON.stringify({ To: TO, Options: { RequestType: 'SYNC' } }),
    );
  });

  it('sends every level in the documented casing, whatever the casing received', () => {
    const received = JSON.parse(
      '{"from":{"ADDRESS":"code@exacttarget.com","name":"Code@"},"TO":{"address":"example@example.com","subscriberkey":"example@example.com","contactattributes":{"SUBSCRIBERATTRIBUTES":{"Region":"West","city":"Indianapolis"}}},"options":{"requesttype":"ASYNC"}}',
    ) as unknown;
    const request = validateSendRequest(received);
    expect(request).toBeInstanceOf(TriggeredSendRequest);
    expect(request.From).toBeInstanceOf(TriggeredSendFrom);
    expect(request.To).toBeInstanceOf(TriggeredSendTo);
    expect(request.To.ContactAttributes).toBeInstanceOf(TriggeredSendContactAttributes);
    expect(request.Options).toBeInstanceOf(TriggeredSendOptions);
    expect(JSON.stringify(request)).toBe(
      JSON.stringify({
        From: { Address: 'code@exacttarget.com', Name: 'Code@' },
        To: {
          Address: 'example@example.com',
          SubscriberKey: 'example@example.com',
          // Attribute names are the caller's data: kept exactly as given.
          ContactAttributes: { SubscriberAttributes: { Region: 'West', city: 'Indianapolis' } },
        },
        Options: { RequestType: 'ASYNC' },
      }),
    );
  });

  it('keeps values exactly: RequestType stays case-sensitive', () => {
    expect(refusal({ To: TO, OPTIONS: { requesttype: 'sync' } }).violations).toEqual([
      {
        path: 'Options.RequestType',
        rule: 'isIn',
        message: 'Options.RequestType must be ASYNC or SYNC',
      },
    ]);
  });

  it('reports a violation under a case variant at the documented path', () => {
    expect(refusal({ to: { ADDRESS: 'not-an-email', subscriberKey: 'k' } }).violations).toEqual([
      { path: 'To.Address', rule: 'isEmail', message: 'To.Address must be an email address' },
    ]);
  });
});

describe('two spellings of one property are refused, naming both', () => {
  it('refuses Options and OPTIONS', () => {
    const error = refusal({
      To: TO,
      Options: { RequestType: 'ASYNC' },
      OPTIONS: { RequestType: 'SYNC' },
    });
    expect(error.violations).toEqual([
      {
        path: 'OPTIONS',
        rule: 'isUniqueProperty',
        message:
          'OPTIONS is a second spelling of Options: property names are matched without regard to case, so give it once',
      },
    ]);
  });

  it.each([
    ['To', { To: TO, to: TO }, 'to', 'To'],
    ['To.Address', { To: { ...TO, address: 'other@example.com' } }, 'To.address', 'To.Address'],
    [
      'To.ContactAttributes',
      { To: { ...TO, ContactAttributes: {}, CONTACTATTRIBUTES: {} } },
      'To.CONTACTATTRIBUTES',
      'To.ContactAttributes',
    ],
    [
      'To.ContactAttributes.SubscriberAttributes',
      {
        To: {
          ...TO,
          contactAttributes: { SubscriberAttributes: { A: 1 }, subscriberattributes: { A: 2 } },
        },
      },
      'To.ContactAttributes.subscriberattributes',
      'To.ContactAttributes.SubscriberAttributes',
    ],
    [
      'Options.RequestType',
      { To: TO, options: { requestType: 'SYNC', RequestType: 'ASYNC' } },
      'Options.RequestType',
      'Options.requestType',
    ],
  ])('refuses two spellings of %s, at any depth', (_what, input, path, first) => {
    const error = refusal(input);
    expect(error.violations).toHaveLength(1);
    expect(error.violations[0]).toMatchObject({ path, rule: 'isUniqueProperty' });
    expect(error.violations[0]!.message).toContain(`${path} is a second spelling of ${first}`);
  });

  it('refuses two attribute names that differ only in case (Marketing Cloud would see one)', () => {
    const error = refusal({
      To: {
        ...TO,
        ContactAttributes: { SubscriberAttributes: { Region: 'West', REGION: 'East' } },
      },
    });
    expect(error.violations).toEqual([
      {
        path: `${ATTRIBUTES_PATH}.REGION`,
        rule: 'isUniqueAttribute',
        message: `${ATTRIBUTES_PATH}.REGION is a second spelling of ${ATTRIBUTES_PATH}.Region: Marketing Cloud matches attribute names without regard to case, so give it once`,
      },
    ]);
  });
});

describe('empty optional parts mean absent', () => {
  it('sends nothing for From: { Address: "", Name: "" } (the default of two public senders)', () => {
    expect(sent({ From: { Address: '', Name: '' }, To: TO })).toBe(JSON.stringify({ To: TO }));
  });

  it('drops an empty From.Address and keeps the Name, or the other way round', () => {
    expect(sent({ From: { Address: '', Name: 'Code@' }, To: TO })).toBe(
      JSON.stringify({ From: { Name: 'Code@' }, To: TO }),
    );
    expect(sent({ From: { Address: 'code@exacttarget.com', Name: '' }, To: TO })).toBe(
      JSON.stringify({ From: { Address: 'code@exacttarget.com' }, To: TO }),
    );
  });

  it('sends no attributes for SubscriberAttributes: [] (PHP json_encode([])) or {}', () => {
    for (const attributes of [[], {}]) {
      expect(sent({ To: { ...TO, ContactAttributes: { SubscriberAttributes: attributes } } })).toBe(
        JSON.stringify({ To: TO }),
      );
    }
  });

  it('still refuses empty strings where a value is required or the empty string is not absent', () => {
    expect(
      refusal({ From: { Address: ' ' }, To: { Address: '', SubscriberKey: '' } }).violations.map(
        (violation) => `${violation.path} ${violation.rule}`,
      ),
    ).toEqual(['From.Address isEmail', 'To.Address isEmail', 'To.SubscriberKey isNotEmpty']);
  });

  it('still refuses null (optional means absent, null is not absent)', () => {
    expect(refusal({ From: { Address: null }, To: TO }).violations).toEqual([
      { path: 'From.Address', rule: 'isString', message: 'From.Address must be a string' },
    ]);
  });
});

describe('prototype keys stay refused in any case', () => {
  it.each([
    '__PROTO__',
    '__Proto__',
    'Constructor',
    'CONSTRUCTOR',
    'PROTOTYPE',
    'Prototype',
    'TOSTRING',
    'valueof',
  ])('refuses %s at the top, in To and among the attributes', (key) => {
    const error = refusal(
      JSON.parse(
        `{"${key}":{"polluted":true},"To":{"Address":"example@example.com","SubscriberKey":"k","${key}":1,"ContactAttributes":{"SubscriberAttributes":{"Region":"West","${key}":"x"}}}}`,
      ),
    );
    expect(error.violations.map((violation) => `${violation.path} ${violation.rule}`)).toEqual([
      `${key} forbiddenKey`,
      `To.${key} forbiddenKey`,
      `${ATTRIBUTES_PATH}.${key} forbiddenKey`,
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('any casing of the documented names, as a property', () => {
  it('accepts 2,000 bodies in random casings with empty optional parts, and sends the documented shape', () => {
    let count = 0;
    fc.assert(
      fc.property(senderSpelling, ({ body, expected }) => {
        count += 1;
        expect(sent(JSON.parse(toJsonText(body)))).toBe(JSON.stringify(expected));
      }),
      { numRuns: 2000, seed: SEED },
    );
    process.stdout.write(`fuzz: ${count} bodies in random casings accepted, sent as documented\n`);
  });
});
