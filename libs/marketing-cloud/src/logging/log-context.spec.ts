import { describe, expect, it } from 'vitest';
import { logContextText } from './log-context.js';

describe('logContextText', () => {
  it('builds a function context only when asked, and passes text and undefined as they are', () => {
    let built = 0;
    const context = (): string => {
      built += 1;
      return 'to r***@example.com via key:k';
    };
    expect(built).toBe(0);
    expect(logContextText(context)).toBe('to r***@example.com via key:k');
    expect(built).toBe(1);
    expect(logContextText('of 3 recipients')).toBe('of 3 recipients');
    expect(logContextText(undefined)).toBeUndefined();
  });
});
