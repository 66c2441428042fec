import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUEUE_CONCURRENCY,
  queueConcurrencyFrom,
} from '../../src/queue/queue-concurrency.js';

describe('QUEUE_CONCURRENCY', () => {
  it.each([undefined, '', '  '])(
    '%o (unset or empty, as in .env.example) is the default',
    (raw) => {
      expect(queueConcurrencyFrom(raw)).toBe(DEFAULT_QUEUE_CONCURRENCY);
    },
  );

  it('reads a whole number', () => {
    expect(queueConcurrencyFrom(' 16 ')).toBe(16);
  });

  it.each(['0', '-1', '2.5', 'eight', '1001'])('refuses %o, naming the variable', (raw) => {
    expect(() => queueConcurrencyFrom(raw)).toThrow(
      /^QUEUE_CONCURRENCY must be a whole number from 1 to 1000/,
    );
  });
});
