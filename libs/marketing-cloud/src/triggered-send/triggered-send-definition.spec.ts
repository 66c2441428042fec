import { describe, expect, it } from 'vitest';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import {
  definitionPathSegment,
  MAX_CUSTOMER_KEY_LENGTH,
  recipientSendIdPathSegment,
  TriggeredSendDefinition,
} from './triggered-send-definition.js';

/** The ObjectID of Salesforce's own examples. */
const DOC_GUID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';
const RECIPIENT_SEND_ID = 'e2ddb203-ea53-4843-b2d4-9f8c0c862913';

/** The MarketingCloudValidationError `run` throws; fails the test if it throws nothing else. */
function validationErrorOf(run: () => unknown): MarketingCloudValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MarketingCloudValidationError);
  return thrown as MarketingCloudValidationError;
}

function expectRejectedDefinition(definition: unknown, rule = 'isTriggeredSendDefinition') {
  const error = validationErrorOf(() => definitionPathSegment(definition));
  expect(error.violations).toHaveLength(1);
  expect(error.violations[0]).toMatchObject({ path: 'definition', rule });
  expect(error.violations[0]!.message).toMatch(/^definition /);
  expect(error.message).toContain(error.violations[0]!.message);
  return error;
}

/** The part of a `key:` segment after the prefix, decoded. */
function decodedKey(segment: string): string {
  expect(segment.startsWith('key:')).toBe(true);
  return decodeURIComponent(segment.slice('key:'.length));
}

describe('TriggeredSendDefinition builders', () => {
  it('key() prefixes the external key with key:', () => {
    expect(TriggeredSendDefinition.key('external_key')).toBe('key:external_key');
  });

  it('id() gives the ObjectID as it is', () => {
    expect(TriggeredSendDefinition.id(DOC_GUID)).toBe(DOC_GUID);
  });
});

describe('definitionPathSegment with key:', () => {
  it('gives the documented key:external_key unchanged', () => {
    expect(definitionPathSegment(TriggeredSendDefinition.key('external_key'))).toBe(
      'key:external_key',
    );
  });

  it.each([
    ['mixed case', 'Welcome_Email_EN'],
    ['spaces', 'welcome email'],
    ['a slash', 'emails/welcome'],
    ['a question mark', 'welcome?lang=en'],
    ['a hash', 'welcome#1'],
    ['a percent sign', '100%_welcome'],
    ['an already-encoded-looking sequence', 'welcome%2Fen'],
    ['a colon', 'brand:welcome'],
    ['a plus and an ampersand', 'a+b&c=d'],
    ['non-ASCII letters', 'Begrüßung_ü'],
    ['an emoji', 'welcome 🎉 mail'],
    ['everything at once', 'Key With/Slash?q#f%25:ü🎉'],
  ])('percent-encodes a key with %s, and decoding gives the exact key back', (_what, key) => {
    const segment = definitionPathSegment(TriggeredSendDefinition.key(key));
    expect(segment).toBe(`key:${encodeURIComponent(key)}`);
    expect(segment).not.toMatch(/[/?# ]/);
    expect(decodedKey(segment)).toBe(key);
  });

  it('keeps case exactly', () => {
    expect(definitionPathSegment('key:MyKey')).toBe('key:MyKey');
    expect(definitionPathSegment('key:mykey')).toBe('key:mykey');
  });

  it('keeps key:../../x inside one path segment', () => {
    const segment = definitionPathSegment('key:../../x');
    expect(segment).toBe('key:..%2F..%2Fx');
    expect(segment).not.toContain('/');
    expect(decodedKey(segment)).toBe('../../x');
  });

  it(`accepts a key of ${MAX_CUSTOMER_KEY_LENGTH} characters`, () => {
    const key = 'k'.repeat(MAX_CUSTOMER_KEY_LENGTH);
    expect(definitionPathSegment(`key:${key}`)).toBe(`key:${key}`);
  });

  it(`rejects a key over ${MAX_CUSTOMER_KEY_LENGTH} characters`, () => {
    expect(MAX_CUSTOMER_KEY_LENGTH).toBe(200);
    expectRejectedDefinition(`key:${'k'.repeat(MAX_CUSTOMER_KEY_LENGTH + 1)}`);
  });

  it('rejects key: with nothing after it', () => {
    expectRejectedDefinition('key:');
  });

  it('rejects a key of spaces only', () => {
    expectRejectedDefinition('key:   ');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['a carriage return', 'a\rb'],
    ['a tab', 'a\tb'],
    ['ESC', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control (NEL)', 'a\u0085b'],
    ['a C1 control (CSI)', 'a\u009bb'],
    ['a right-to-left override', 'a\u202eb'],
    ['a right-to-left isolate', 'a\u2067b'],
    ['a right-to-left mark', 'a\u200fb'],
    ['a left-to-right mark', 'a\u200eb'],
    ['a zero width space', 'a\u200bb'],
    ['a zero width joiner', 'a\u200db'],
    ['a byte order mark', '\ufeffkey'],
    ['a soft hyphen', 'a\u00adb'],
    ['a word joiner', 'a\u2060b'],
    ['a line separator', 'a\u2028b'],
    ['a paragraph separator', 'a\u2029b'],
  ])(
    'rejects a key with a control, format or separator character (%s), naming the rule',
    (_what, key) => {
      const error = expectRejectedDefinition(`key:${key}`, 'isPrintableKey');
      expect(error.violations[0]!.message).toMatch(
        /control characters.*format characters.*U\+2028/,
      );
    },
  );

  it('accepts visible non-ASCII, spaces and punctuation (only invisible characters are refused)', () => {
    for (const key of ['Begrüßung', 'ключ', '鍵', 'a b', 'a\u00a0b', '🙂', 'e\u0301']) {
      expect(decodedKey(definitionPathSegment(`key:${key}`))).toBe(key);
    }
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'key\ud83c'],
  ])('rejects a key with an unpaired surrogate (%s)', (_what, key) => {
    expect(() => encodeURIComponent(key)).toThrow(URIError);
    expectRejectedDefinition(`key:${key}`, 'isPrintableKey');
  });

  it.each(['KEY:', 'Key:', 'kEy:'])('accepts the prefix %s as key:, and sends key:', (prefix) => {
    expect(definitionPathSegment(`${prefix}External_Key`)).toBe('key:External_Key');
  });
});

describe('definitionPathSegment with an ObjectID', () => {
  it('gives a bare lower-case GUID as it is', () => {
    expect(definitionPathSegment(DOC_GUID)).toBe(DOC_GUID);
  });

  it('accepts a GUID in upper or mixed case, case kept', () => {
    expect(definitionPathSegment(DOC_GUID.toUpperCase())).toBe(DOC_GUID.toUpperCase());
    const mixed = 'DFA5ab87-1B0f-E211-b71B-9c8E9920e9FC';
    expect(definitionPathSegment(mixed)).toBe(mixed);
  });

  it.each(['ID:', 'Id:', 'iD:'])('gives %s{GUID} as the bare GUID, as id: is', (prefix) => {
    expect(definitionPathSegment(`${prefix}${DOC_GUID}`)).toBe(DOC_GUID);
  });

  it('gives id:{GUID} as the bare GUID', () => {
    expect(definitionPathSegment(`id:${DOC_GUID}`)).toBe(DOC_GUID);
    expect(definitionPathSegment(`id:${DOC_GUID.toUpperCase()}`)).toBe(DOC_GUID.toUpperCase());
  });

  it.each([
    ['an external key without key:', 'external_key'],
    ['a relative path', '../x'],
    ['a path with a GUID in it', `../${DOC_GUID}`],
    ['a GUID with a trailing slash', `${DOC_GUID}/`],
    ['a GUID with a suffix', `${DOC_GUID}/send`],
    ['a GUID in braces', `{${DOC_GUID}}`],
    ['a GUID without dashes', DOC_GUID.replaceAll('-', '')],
    ['a GUID with a non-hex digit', DOC_GUID.replace('d', 'g')],
    ['a GUID with surrounding spaces', ` ${DOC_GUID} `],
    ['a GUID followed by a newline', `${DOC_GUID}\n`],
    ['id: with nothing after it', 'id:'],
    ['id: with a non-GUID', 'id:external_key'],
    ['ID: with a non-GUID', 'ID:external_key'],
  ])('rejects %s', (_what, definition) => {
    expectRejectedDefinition(definition);
  });
});

describe('definitionPathSegment with something that is not a definition', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['an object', { key: 'external_key' }],
    ['an array', ['key:external_key']],
    ['a String object', new String('key:external_key')],
  ])('rejects %s', (_what, definition) => {
    expectRejectedDefinition(definition);
  });

  it('rejects the empty string', () => {
    expectRejectedDefinition('');
  });
});

describe('recipientSendIdPathSegment', () => {
  it('gives a GUID as it is, in any case', () => {
    expect(recipientSendIdPathSegment(RECIPIENT_SEND_ID)).toBe(RECIPIENT_SEND_ID);
    expect(recipientSendIdPathSegment(RECIPIENT_SEND_ID.toUpperCase())).toBe(
      RECIPIENT_SEND_ID.toUpperCase(),
    );
  });

  it.each([
    ['the empty string (the flat error shape)', ''],
    ['a non-GUID', 'not-a-guid'],
    ['a relative path', `../${RECIPIENT_SEND_ID}`],
    ['a GUID with a suffix', `${RECIPIENT_SEND_ID}/x`],
    ['id: prefix', `id:${RECIPIENT_SEND_ID}`],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { recipientSendId: RECIPIENT_SEND_ID }],
  ])('rejects %s with path recipientSendId', (_what, recipientSendId) => {
    const error = validationErrorOf(() => recipientSendIdPathSegment(recipientSendId));
    expect(error.violations).toEqual([
      {
        path: 'recipientSendId',
        rule: 'isUUID',
        message: 'recipientSendId must be the GUID a send returned',
      },
    ]);
    expect(error.message).toContain('recipientSendId must be the GUID a send returned');
  });
});
