import { describe, expect, it } from 'vitest';
import { TokenCipher } from './token-cipher.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiIsImtpZCI6IjQiLCJ2ZXIiOiIxIiwidHlwIjoiSldUIn0.canary-token';

describe('TokenCipher: AES-256-GCM under a key derived from the client secret', () => {
  const cipher = new TokenCipher('client-secret-canary', 'credentials-key');

  it('opens what it sealed; the sealed form holds neither the token nor the secret', () => {
    const sealed = cipher.seal(TOKEN, TOKEN, 'mc:token:k');
    const stored = JSON.stringify(sealed);
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain('canary');
    expect(cipher.open(sealed, 'mc:token:k')).toBe(TOKEN);
  });

  it('cannot be opened with another secret, under another key name, or after tampering', () => {
    const sealed = cipher.seal(TOKEN, TOKEN, 'mc:token:k');
    expect(
      new TokenCipher('another-secret', 'credentials-key').open(sealed, 'mc:token:k'),
    ).toBeUndefined();
    expect(cipher.open(sealed, 'mc:token:other')).toBeUndefined();
    const flipped = Buffer.from(sealed.ct, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(
      cipher.open({ ...sealed, ct: flipped.toString('base64') }, 'mc:token:k'),
    ).toBeUndefined();
  });

  it('gives a fresh IV each time, and a fingerprint that is stable, keyed and not the token', () => {
    const first = cipher.seal(TOKEN, TOKEN, 'k');
    const second = cipher.seal(TOKEN, TOKEN, 'k');
    expect(first.iv).not.toBe(second.iv);
    expect(first.fp).toBe(second.fp);
    expect(first.fp).not.toContain(TOKEN.slice(0, 10));
    expect(new TokenCipher('another-secret', 'credentials-key').fingerprint(TOKEN)).not.toBe(
      first.fp,
    );
  });
});
