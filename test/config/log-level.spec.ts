import { describe, expect, it } from 'vitest';
import { logLevelsFor } from '../../src/config/log-level.js';

describe('LOG_LEVEL', () => {
  it('defaults to log: start-up lines, warnings and errors, no debug line per send', () => {
    expect(logLevelsFor(undefined)).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(logLevelsFor('  ')).toEqual(['fatal', 'error', 'warn', 'log']);
  });

  it('turns on a level and every more severe one, case-insensitively', () => {
    expect(logLevelsFor('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(logLevelsFor('DEBUG')).toEqual(['fatal', 'error', 'warn', 'log', 'debug']);
    expect(logLevelsFor('verbose')).toHaveLength(6);
    expect(logLevelsFor('fatal')).toEqual(['fatal']);
  });

  it('an unknown level stops start-up, listing the known ones', () => {
    expect(() => logLevelsFor('loud')).toThrow(
      "LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose (got 'loud').",
    );
  });
});
