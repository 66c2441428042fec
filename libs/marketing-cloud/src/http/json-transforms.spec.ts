import { describe, expect, it } from 'vitest';
import { parseJsonBody, serializeJsonBody } from './json-transforms.js';

describe('serializeJsonBody', () => {
  it('serialises an object once and leaves no body and a serialised body as they are', () => {
    expect(serializeJsonBody({ a: 1, b: ['x'] })).toBe('{"a":1,"b":["x"]}');
    expect(serializeJsonBody(undefined)).toBeUndefined();
    expect(serializeJsonBody('{"already":true}')).toBe('{"already":true}');
  });
});

describe('parseJsonBody', () => {
  it('parses a JSON answer', () => {
    expect(parseJsonBody('{"responses":[{"hasErrors":false}]}')).toEqual({
      responses: [{ hasErrors: false }],
    });
  });

  it('keeps a body that is not JSON as the string it was, and an empty body as empty', () => {
    expect(parseJsonBody('<html>Bad Gateway</html>')).toBe('<html>Bad Gateway</html>');
    expect(parseJsonBody('')).toBe('');
    expect(parseJsonBody(undefined)).toBeUndefined();
  });
});
