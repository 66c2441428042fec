import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { MAX_KEPT_TOKENS, TokenStore } from './token-store.js';

describe('TokenStore', () => {
  it('keeps at most MAX_KEPT_TOKENS tokens: the oldest is forgotten and then refused', () => {
    const store = new TokenStore(60_000, new ManualClock());
    const first = store.issue('default', 'client', undefined, '');
    const second = store.issue('default', 'client', undefined, '');
    for (let index = 2; index < MAX_KEPT_TOKENS; index += 1)
      store.issue('default', 'client', undefined, '');
    expect(store.size).toBe(MAX_KEPT_TOKENS);
    expect(store.validate(first.accessToken)).toBe(first);

    store.issue('default', 'client', undefined, '');
    expect(store.size).toBe(MAX_KEPT_TOKENS);
    expect(store.validate(first.accessToken)).toBeUndefined();
    expect(store.validate(second.accessToken)).toBe(second);
  });

  it('refuses a token once its lifetime has passed on the clock', () => {
    const clock = new ManualClock();
    const store = new TokenStore(1_000, clock);
    const token = store.issue('default', 'client', undefined, '');
    clock.advance(999);
    expect(store.validate(token.accessToken)).toBe(token);
    clock.advance(1);
    expect(store.validate(token.accessToken)).toBeUndefined();
  });
});
