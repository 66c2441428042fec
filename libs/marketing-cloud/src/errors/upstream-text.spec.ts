import { describe, expect, it } from 'vitest';
import { MAX_UPSTREAM_TEXT_LENGTH, sanitizeUpstreamText } from './upstream-text.js';

describe('sanitizeUpstreamText', () => {
  it('keeps an ordinary message as it is', () => {
    expect(sanitizeUpstreamText('Not Authorized')).toBe('Not Authorized');
    expect(
      sanitizeUpstreamText(
        'See https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm for dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc',
      ),
    ).toBe(
      'See https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm for dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc',
    );
  });

  it('turns line breaks and other control characters into spaces, and drops invisible format characters', () => {
    expect(sanitizeUpstreamText('a\nb\r\nc\u2028d\u2029e\u0000f\u007fg\u0085h')).toBe(
      'a b c d e f g h',
    );
    expect(sanitizeUpstreamText('se\u200Bcr\u200Fet\uFEFF')).toBe('secret');
  });

  it('scrubs the known secrets, even split by invisible characters, and anything shaped like a token', () => {
    expect(sanitizeUpstreamText('client_secret=hunter2-secret', ['hunter2-secret'])).toBe(
      'client_secret=[redacted]',
    );
    expect(sanitizeUpstreamText('s=hunter2\u200B-secret', ['hunter2-secret'])).toBe('s=[redacted]');
    expect(sanitizeUpstreamText('Authorization: Bearer abc.def-ghi')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(sanitizeUpstreamText(`token ${'A1_b-'.repeat(10)} end`)).toBe('token [redacted] end');
  });

  it('caps the length, after scrubbing (a secret at the cut is not left half-shown)', () => {
    const long = sanitizeUpstreamText(`${'word '.repeat(100)}SECRET-VALUE`, ['SECRET-VALUE']);
    expect(long).toHaveLength(MAX_UPSTREAM_TEXT_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    const atTheCut = sanitizeUpstreamText(`${'w'.repeat(290)} SECRET-VALUE-123`, [
      'SECRET-VALUE-123',
    ]);
    expect(atTheCut).not.toContain('SECRET');
  });

  it('ignores secrets too short to scrub without garbling the text', () => {
    expect(sanitizeUpstreamText('a b c', ['a'])).toBe('a b c');
  });
});
