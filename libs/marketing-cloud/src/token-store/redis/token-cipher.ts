import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Salt of the key derivation: changes only with the stored format. */
const SALT = 'nestjs-marketing-cloud/token-store/v1';
const IV_BYTES = 12;

/** The stored form: every field base64 except the version. Nothing in it is usable without the secret. */
export interface SealedToken {
  readonly v: 1;
  /** HMAC of the token value: lets a 401 compare-and-swap without decrypting. */
  readonly fp: string;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

/**
 * AES-256-GCM with keys derived (HKDF-SHA256) from the client secret and the credentials' key:
 * read access to Redis alone yields no usable token, and a token sealed for one key name cannot
 * be moved to another (the key name is the additional authenticated data).
 */
export class TokenCipher {
  private readonly encryptionKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(clientSecret: string, credentialsKey: string) {
    const material = Buffer.from(hkdfSync('sha256', clientSecret, SALT, credentialsKey, 64));
    this.encryptionKey = material.subarray(0, 32);
    this.fingerprintKey = material.subarray(32);
  }

  fingerprint(plaintext: string): string {
    return createHmac('sha256', this.fingerprintKey)
      .update(plaintext)
      .digest('base64url')
      .slice(0, 22);
  }

  seal(plaintext: string, fingerprintOf: string, additionalData: string): SealedToken {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(additionalData));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      fp: this.fingerprint(fingerprintOf),
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The plaintext, or undefined when the entry was not sealed with this key (another secret, tampering). */
  open(sealed: SealedToken, additionalData: string): string | undefined {
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.encryptionKey,
        Buffer.from(sealed.iv, 'base64'),
      );
      decipher.setAAD(Buffer.from(additionalData));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ct, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
