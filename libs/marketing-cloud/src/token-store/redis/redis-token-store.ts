import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MarketingCloudUnavailableError } from '../../errors/marketing-cloud-unavailable.error.js';
import type { SharedToken, TokenStore, TokenStoreContext } from '../token-store.js';
import { tokenStoreDownMessage, tokenWaitTimeoutMessage } from './redis-token-store-messages.js';
import { closeRedisClient } from '../../redis/close-redis-client.js';
import { whenRedisReady } from '../../redis/when-redis-ready.js';
import { TokenCipher, type SealedToken } from './token-cipher.js';

export interface RedisTokenStoreOptions {
  /** A `redis://` URL, ioredis options, or an ioredis client you own (then you close it). Required. */
  connection: string | RedisOptions | Redis;
  /** Prefix of the store's keys. Default `mc:token`. */
  keyPrefix?: string;
  /**
   * How long the process that asks Marketing Cloud for the token holds the lock. If it dies, the
   * others take over after this. Default 15000 ms (above the default request timeout).
   */
  lockTtlMs?: number;
  /** The longest a process waits for another one's token before failing (retryable). Default 20000 ms. */
  waitTimeoutMs?: number;
  /** How often a waiting process looks for the token. Default 50 ms. */
  pollIntervalMs?: number;
  /** The longest the first token request waits for the Redis connection to open. Default 2000 ms. */
  connectTimeoutMs?: number;
  /**
   * The longest one Redis command may take (ioredis `commandTimeout`) on a connection the store
   * opens: a Redis that stopped answering then fails the command, and the process asks for its own
   * token instead of waiting. For a client you pass, set its `commandTimeout` yourself. Default 1000 ms.
   */
  commandTimeoutMs?: number;
}

export const REDIS_TOKEN_STORE_DEFAULTS = Object.freeze({
  keyPrefix: 'mc:token',
  lockTtlMs: 15_000,
  waitTimeoutMs: 20_000,
  pollIntervalMs: 50,
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 1_000,
});

/** What the ciphertext holds. */
interface SealedPayload {
  t: string;
  u: string;
  s: string | null;
  q: number;
  e: number;
  r: number;
}

/** Deletes the token only while it is still the one refused (compare-and-swap on the fingerprint). */
const INVALIDATE = `
local stored = redis.call('GET', KEYS[1])
if stored and cjson.decode(stored).fp == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Releases the lock only if this process still holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One access token for every process with the same credentials, in Redis:
 * - cold processes: one takes a lock (SET NX PX) and asks Marketing Cloud; the others wait and read
 *   its token (a process that dies holding the lock loses it after `lockTtlMs`);
 * - a 401 in one process deletes that token for all, unless a newer one is already stored;
 * - the entry expires with the token (PX), and is renewed by the first process past its refresh time,
 *   while the others keep using the still-valid one;
 * - the key is a hash of the credentials' identity, never the secret; the value is sealed with
 *   AES-256-GCM under a key derived from the client secret (see token-cipher.ts);
 * - if Redis fails, each process asks for its own token (sends go on) and says so in the log.
 */
export class RedisTokenStore implements TokenStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly settings: Required<Omit<RedisTokenStoreOptions, 'connection'>>;
  private readonly ciphers = new Map<string, TokenCipher>();
  private readonly logger = new Logger('MarketingCloud');

  constructor(options: RedisTokenStoreOptions) {
    this.settings = {
      keyPrefix: options.keyPrefix ?? REDIS_TOKEN_STORE_DEFAULTS.keyPrefix,
      lockTtlMs: options.lockTtlMs ?? REDIS_TOKEN_STORE_DEFAULTS.lockTtlMs,
      waitTimeoutMs: options.waitTimeoutMs ?? REDIS_TOKEN_STORE_DEFAULTS.waitTimeoutMs,
      pollIntervalMs: options.pollIntervalMs ?? REDIS_TOKEN_STORE_DEFAULTS.pollIntervalMs,
      connectTimeoutMs: options.connectTimeoutMs ?? REDIS_TOKEN_STORE_DEFAULTS.connectTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs ?? REDIS_TOKEN_STORE_DEFAULTS.commandTimeoutMs,
    };
    if (options.connection instanceof Redis) {
      this.redis = options.connection;
      this.ownsClient = false;
    } else {
      // Fail fast while Redis is down: the fallback (a token of our own) beats waiting.
      // A Redis that stops answering (a network cut without a reset) fails each command in time.
      const overrides: RedisOptions = {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: this.settings.commandTimeoutMs,
      };
      this.redis =
        typeof options.connection === 'string'
          ? new Redis(options.connection, overrides)
          : new Redis({ ...options.connection, ...overrides });
      this.redis.on('error', () => {});
      this.ownsClient = true;
    }
  }

  async obtain(
    context: TokenStoreContext,
    fetch: () => Promise<SharedToken>,
  ): Promise<SharedToken> {
    const key = this.keyOf(context);
    const started = Date.now();
    let usable: SharedToken | undefined;
    try {
      await this.connected();
    } catch (error) {
      return this.fetchAlone(error, fetch);
    }
    for (;;) {
      let stored: SharedToken | undefined;
      let locked: string | undefined;
      try {
        stored = await this.read(context, key);
        if (stored && context.now() < stored.refreshAtEpochMs) return stored;
        usable = stored && context.now() < stored.expiresAtEpochMs ? stored : undefined;
        locked = await this.lock(key);
      } catch (error) {
        return this.fetchAlone(error, fetch);
      }
      if (locked) return this.fetchUnderLock(context, key, locked, fetch);
      // Another process is renewing: a token still valid serves meanwhile.
      if (usable) return usable;
      const waited = Date.now() - started;
      if (waited > this.settings.waitTimeoutMs) {
        throw new MarketingCloudUnavailableError(tokenWaitTimeoutMessage(waited), {
          retryable: true,
        });
      }
      await sleep(this.settings.pollIntervalMs);
    }
  }

  async invalidate(context: TokenStoreContext, token: SharedToken): Promise<void> {
    const cipher = this.cipherOf(context);
    await this.redis
      .eval(INVALIDATE, 1, this.keyOf(context), cipher.fingerprint(token.accessToken))
      .catch(() => {});
  }

  /** Closes the Redis connection if the store opened it. */
  async close(): Promise<void> {
    if (this.ownsClient) await closeRedisClient(this.redis);
  }

  /**
   * Waits for a connection still opening (a cold process's first token), bounded by `connectTimeoutMs`;
   * rejects when Redis is down, so that the caller fetches alone instead of waiting.
   */
  private async connected(): Promise<void> {
    const status = this.redis.status;
    if (status === 'ready') return;
    if (status !== 'connecting' && status !== 'connect' && status !== 'wait') {
      throw Object.assign(new Error('Redis is not connected'), { code: status });
    }
    if (status === 'wait') void this.redis.connect().catch(() => {});
    await whenRedisReady(this.redis, this.settings.connectTimeoutMs);
  }

  private keyOf(context: TokenStoreContext): string {
    return `${this.settings.keyPrefix}:${context.key}`;
  }

  private cipherOf(context: TokenStoreContext): TokenCipher {
    let cipher = this.ciphers.get(context.key);
    if (!cipher) {
      cipher = new TokenCipher(context.clientSecret.reveal(), context.key);
      this.ciphers.set(context.key, cipher);
    }
    return cipher;
  }

  private async lock(key: string): Promise<string | undefined> {
    const token = randomUUID();
    const set = await this.redis.set(`${key}:lock`, token, 'PX', this.settings.lockTtlMs, 'NX');
    return set === 'OK' ? token : undefined;
  }

  private async fetchUnderLock(
    context: TokenStoreContext,
    key: string,
    lockToken: string,
    fetch: () => Promise<SharedToken>,
  ): Promise<SharedToken> {
    try {
      // Another process may have stored one between our read and our lock.
      const stored = await this.read(context, key).catch(() => undefined);
      if (stored && context.now() < stored.refreshAtEpochMs) return stored;
      const token = await fetch();
      const ttl = Math.floor(token.expiresAtEpochMs - context.now());
      if (ttl > 0) {
        await this.redis
          .set(key, JSON.stringify(this.seal(context, key, token)), 'PX', ttl)
          .catch(() => {});
      }
      return token;
    } finally {
      await this.redis.eval(RELEASE, 1, `${key}:lock`, lockToken).catch(() => {});
    }
  }

  private async fetchAlone(
    error: unknown,
    fetch: () => Promise<SharedToken>,
  ): Promise<SharedToken> {
    const reason = (error as { code?: string }).code ?? (error as Error).name;
    this.logger.warn(tokenStoreDownMessage(reason));
    return fetch();
  }

  private seal(context: TokenStoreContext, key: string, token: SharedToken): SealedToken {
    const payload: SealedPayload = {
      t: token.accessToken,
      u: token.restBaseUrl,
      s: token.scope ?? null,
      q: token.requestedAtEpochMs,
      e: token.expiresAtEpochMs,
      r: token.refreshAtEpochMs,
    };
    return this.cipherOf(context).seal(JSON.stringify(payload), token.accessToken, key);
  }

  private async read(context: TokenStoreContext, key: string): Promise<SharedToken | undefined> {
    const raw = await this.redis.get(key);
    if (raw === null) return undefined;
    let sealed: SealedToken;
    try {
      sealed = JSON.parse(raw) as SealedToken;
    } catch {
      return undefined;
    }
    const plaintext = this.cipherOf(context).open(sealed, key);
    if (plaintext === undefined) return undefined;
    const payload = JSON.parse(plaintext) as SealedPayload;
    return {
      accessToken: payload.t,
      restBaseUrl: payload.u,
      scope: payload.s ?? undefined,
      requestedAtEpochMs: payload.q,
      expiresAtEpochMs: payload.e,
      refreshAtEpochMs: payload.r,
    };
  }
}
