import { describe, expect, it } from 'vitest';
import {
  ERROR_CODE_CATALOGUE,
  findErrorCode,
  type ErrorCodeEntry,
  type ErrorCodeFamily,
} from './error-code-catalogue.js';
import { httpStatusForError, type MarketingCloudErrorClass } from './http-status-for-error.js';
import { MarketingCloudAuthenticationError } from './marketing-cloud-authentication.error.js';
import { MarketingCloudNoValidSubscribersError } from './marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudNotFoundError } from './marketing-cloud-not-found.error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from './marketing-cloud-request.error.js';
import { MarketingCloudSendError } from './marketing-cloud-send.error.js';
import { MarketingCloudUnavailableError } from './marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from './marketing-cloud.error.js';

/** The statuses MarketingCloudExceptionFilter may answer with. */
const ALLOWED_STATUSES = [400, 404, 422, 500, 502, 503, 504];

// The code lists below are copied by hand from shared/sfmc-api.md, section 2. They are literal on
// purpose: a code dropped from (or invented in) the catalogue must fail here.

/** §2.1: 17000–17205 as listed, 18000–18006, 180007, 180008, 180015. */
const TRIGGERED_SEND_CODES = [
  17000, 17001, 17002, 17003, 17004, 17005, 17010, 17011, 17012, 17013, 17014, 17015, 17016, 17017,
  17018, 17019, 17020, 17021, 17022, 17023, 17024, 17025, 17100, 17101, 17102, 17103, 17104, 17105,
  17106, 17107, 17108, 17110, 17111, 17112, 17113, 17114, 17200, 17201, 17203, 17204, 17205, 18000,
  18001, 18002, 18003, 18004, 18005, 18006, 180007, 180008, 180015,
];

/** §2.2: 1–43, 100–141, 1000, 1010, 1020, 1030, 1040. */
const SUBSCRIBER_CODES = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
  28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 100, 101, 102, 103, 104, 105, 106,
  107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125,
  126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 1000, 1010, 1020,
  1030, 1040,
];

/** §2.3: the Transactional Messaging API's own 109xxx codes. */
const TRANSACTIONAL_CODES = [
  109001, 109101, 109102, 109103, 109104, 109105, 109106, 109107, 109108, 109109, 109110, 109111,
  109112, 109113, 109114, 109115, 109116, 109120, 109121, 109122, 109123, 109124, 109125,
];

/**
 * §2.4: 0, 10000–10006, 20000–20002, 30000–30004, 40000–40004, 50100, 50200, 50300; plus 500, the
 * `errorcode` of the documented `HTTP/1.1 500 {"errorcode": 500, "message": "Internal Server Error"}`.
 */
const REST_CODES = [
  0, 10000, 10001, 10002, 10003, 10004, 10005, 10006, 20000, 20001, 20002, 30000, 30001, 30002,
  30003, 30004, 40000, 40001, 40002, 40003, 40004, 50100, 50200, 50300, 500,
];

const EXPECTED_CODES: Record<ErrorCodeFamily, readonly number[]> = {
  'triggered-send': TRIGGERED_SEND_CODES,
  subscriber: SUBSCRIBER_CODES,
  transactional: TRANSACTIONAL_CODES,
  rest: REST_CODES,
};

const FAMILIES = Object.keys(EXPECTED_CODES) as ErrorCodeFamily[];

function label(entry: ErrorCodeEntry): string {
  return `${entry.family}:${entry.code}`;
}

function entryFor(family: ErrorCodeFamily, code: number): ErrorCodeEntry {
  const found = findErrorCode(family, code);
  expect({ family, code, found: found !== undefined }).toEqual({ family, code, found: true });
  return found!;
}

const numerically = (a: number, b: number) => a - b;

/** Labels of the entries for which `broken` is true: expected to be `[]`, and naming any culprit. */
function entriesWhere(broken: (entry: ErrorCodeEntry) => boolean): string[] {
  return ERROR_CODE_CATALOGUE.filter(broken).map(label);
}

function expectMapping(
  family: ErrorCodeFamily,
  code: number,
  errorClass: MarketingCloudErrorClass,
  httpStatus: number,
  retryable: boolean,
) {
  const entry = entryFor(family, code);
  expect({
    label: label(entry),
    errorClass: entry.errorClass.name,
    httpStatus: entry.httpStatus,
    retryable: entry.retryable,
  }).toEqual({ label: label(entry), errorClass: errorClass.name, httpStatus, retryable });
  expect(entry.errorClass).toBe(errorClass);
}

describe('ERROR_CODE_CATALOGUE entries', () => {
  it('holds entries in the four known families only', () => {
    expect(ERROR_CODE_CATALOGUE.length).toBeGreaterThan(0);
    expect(entriesWhere((entry) => !FAMILIES.includes(entry.family))).toEqual([]);
  });

  it.each(ERROR_CODE_CATALOGUE.map((entry) => [label(entry), entry] as const))(
    '%s builds a MarketingCloudError subclass carrying its code',
    (_label, entry) => {
      expect(entry.errorClass.prototype).toBeInstanceOf(MarketingCloudError);
      expect(entry.errorClass).not.toBe(MarketingCloudError);
      const error = new entry.errorClass('m', { errorCode: entry.code });
      expect(error).toBeInstanceOf(MarketingCloudError);
      expect(error).toBeInstanceOf(Error);
      expect(error.constructor).toBe(entry.errorClass);
      expect(error.name).toBe(entry.errorClass.name);
      expect(error.message).toBe('m');
      expect(error.errorCode).toBe(entry.code);
    },
  );

  it.each(ERROR_CODE_CATALOGUE.map((entry) => [label(entry), entry] as const))(
    '%s has a boolean retryable and the HTTP status the filter gives its class',
    (_label, entry) => {
      expect(typeof entry.retryable).toBe('boolean');
      const error = new entry.errorClass('m', { errorCode: entry.code });
      expect(entry.httpStatus).toBe(httpStatusForError(error));
      expect(ALLOWED_STATUSES).toContain(entry.httpStatus);
    },
  );

  it('gives every entry a name and a self-contained meaning', () => {
    expect(entriesWhere((entry) => entry.name.trim() === '')).toEqual([]);
    expect(entriesWhere((entry) => entry.meaning.trim() === '')).toEqual([]);
    // The doc's tables say "same" (as the row above) or give fragments like "vs send DE"; the
    // catalogue is read one entry at a time, so such back-references mean nothing there.
    expect(entriesWhere((entry) => /^(same|ditto|vs\b)/i.test(entry.meaning))).toEqual([]);
  });

  it('has unique (family, code) pairs', () => {
    const keys = ERROR_CODE_CATALOGUE.map(label);
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(duplicates).toEqual([]);
  });

  it('is frozen, entries included', () => {
    expect(Object.isFrozen(ERROR_CODE_CATALOGUE)).toBe(true);
    expect(entriesWhere((entry) => !Object.isFrozen(entry))).toEqual([]);
  });
});

describe('findErrorCode', () => {
  it('finds every catalogue entry by its family and code', () => {
    expect(entriesWhere((entry) => findErrorCode(entry.family, entry.code) !== entry)).toEqual([]);
  });

  it('finds nothing for an undefined code, an unknown code, or a code of another family', () => {
    expect(findErrorCode('rest', undefined)).toBeUndefined();
    expect(findErrorCode('triggered-send', 999_999)).toBeUndefined();
    expect(findErrorCode('rest', 180008)).toBeUndefined();
    expect(findErrorCode('subscriber', 180008)).toBeUndefined();
    expect(findErrorCode('triggered-send', 24)).toBeUndefined();
    expect(findErrorCode('transactional', 50100)).toBeUndefined();
  });

  it('keeps the same number apart in different families (24, 5)', () => {
    expect(findErrorCode('subscriber', 24)?.name).toBe('ListDetectiveExclusion');
    expect(findErrorCode('subscriber', 5)?.name).toBe('InvalidEmailAddress');
    expect(findErrorCode('rest', 24)).toBeUndefined();
  });
});

describe('completeness against shared/sfmc-api.md section 2', () => {
  it.each(FAMILIES)('holds every documented %s code', (family) => {
    const missing = EXPECTED_CODES[family].filter((code) => !findErrorCode(family, code));
    expect(missing).toEqual([]);
  });

  it.each(FAMILIES)('holds no %s code that the documentation does not list', (family) => {
    const actual = ERROR_CODE_CATALOGUE.filter((entry) => entry.family === family)
      .map((entry) => entry.code)
      .toSorted(numerically);
    expect(actual).toEqual(EXPECTED_CODES[family].toSorted(numerically));
  });

  it('uses the documented names of the codes the library reports', () => {
    expect(entryFor('triggered-send', 17010).name).toBe(
      'TriggeredSendDefinitionObjectIdOrCustomerKeyNotFound',
    );
    expect(entryFor('triggered-send', 17015).name).toBe('TriggeredSendDefinitionNotFound');
    expect(entryFor('triggered-send', 18000).name).toBe('TriggeredSendObjectNotFound');
    expect(entryFor('triggered-send', 18002).name).toBe('TriggeredSendUnableToCreateRequest');
    expect(entryFor('triggered-send', 180007).name).toBe('TriggeredSendSubscribersNotFound');
    expect(entryFor('triggered-send', 180008).name).toBe('TriggeredSendNoValidSubscriberToProcess');
    expect(entryFor('subscriber', 30).name).toBe('SubscriberKeyTooLong');
    expect(entryFor('subscriber', 1040).name).toBe('Deleted');
    expect(entryFor('transactional', 109110).name).toBe('MCMS_UTM_Validation_DuplicateMessageKey');
  });
});

describe('important mappings', () => {
  it('180008 "no valid subscribers" is a refused recipient: 422, not retryable', () => {
    expectMapping('triggered-send', 180008, MarketingCloudNoValidSubscribersError, 422, false);
  });

  it('subscriber 24 (List Detective) is a refused recipient: 422, not retryable', () => {
    expectMapping('subscriber', 24, MarketingCloudNoValidSubscribersError, 422, false);
  });

  it.each([17010, 17015, 18000, 18002])('triggered-send %i is not found: 404', (code) => {
    expectMapping('triggered-send', code, MarketingCloudNotFoundError, 404, false);
  });

  it('REST 30003 (object not found) is not found: 404', () => {
    expectMapping('rest', 30003, MarketingCloudNotFoundError, 404, false);
  });

  it.each([0, 40000, 40001, 40002, 40003, 40004, 20000, 20001, 20002])(
    'REST %i is an upstream authentication problem: 502, never 401/403',
    (code) => {
      expectMapping('rest', code, MarketingCloudAuthenticationError, 502, false);
    },
  );

  it('REST 50100 (rate limit exceeded) is throttling: 503, retryable', () => {
    expectMapping('rest', 50100, MarketingCloudRateLimitError, 503, true);
  });

  it('REST 50200 (temporarily blocked) is throttling that needs a person: 503, not retryable', () => {
    expectMapping('rest', 50200, MarketingCloudRateLimitError, 503, false);
  });

  it('REST 50300 (service unavailable) is unavailable: 502, retryable', () => {
    expectMapping('rest', 50300, MarketingCloudUnavailableError, 502, true);
  });

  it('REST 10004 (invalid message format) is a rejected request: 502', () => {
    expectMapping('rest', 10004, MarketingCloudRequestError, 502, false);
  });

  it('other triggered-send failures are send errors: 502, not retryable', () => {
    expectMapping('triggered-send', 17000, MarketingCloudSendError, 502, false);
    expectMapping('triggered-send', 180015, MarketingCloudSendError, 502, false);
  });

  it('only 50100 and 50300 are retryable: Marketing Cloud said it did not act on the call', () => {
    expect(entriesWhere((entry) => entry.retryable).toSorted()).toEqual([
      'rest:50100',
      'rest:50300',
    ]);
  });
});
