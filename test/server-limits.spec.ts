import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES } from '../src/config/environment-variables.js';
import {
  SERVER_LIMIT_DEFAULTS,
  ServerLimits,
  serverLimitsFrom,
} from '../src/config/server-limits.js';

describe('serverLimitsFrom (HTTP_* variables)', () => {
  it('takes the documented defaults for unset or empty variables', () => {
    expect(serverLimitsFrom({})).toEqual(new ServerLimits(30_000, 10_000, 5_000, 1_000));
    expect(serverLimitsFrom({ HTTP_MAX_CONNECTIONS: '  ', HTTP_REQUEST_TIMEOUT_MS: '' })).toEqual(
      SERVER_LIMIT_DEFAULTS,
    );
  });

  it('reads whole numbers, spaces around them allowed', () => {
    expect(
      serverLimitsFrom({
        HTTP_REQUEST_TIMEOUT_MS: ' 60000 ',
        HTTP_HEADERS_TIMEOUT_MS: '60000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
        HTTP_MAX_CONNECTIONS: '1',
      }),
    ).toEqual(new ServerLimits(60_000, 60_000, 65_000, 1));
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '30s', 'milliseconds from 1000 to 600000'],
    ['HTTP_REQUEST_TIMEOUT_MS', '1e4', 'milliseconds from 1000 to 600000'],
    ['HTTP_REQUEST_TIMEOUT_MS', '999', 'milliseconds from 1000 to 600000'],
    ['HTTP_HEADERS_TIMEOUT_MS', '-1', 'milliseconds from 1000 to 600000'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '5000.5', 'milliseconds from 1000 to 600000'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '600001', 'milliseconds from 1000 to 600000'],
    ['HTTP_MAX_CONNECTIONS', '0', 'connections from 1 to 100000'],
    ['HTTP_MAX_CONNECTIONS', '99999999999999', 'connections from 1 to 100000'],
  ] as const)('refuses %s=%s, naming the variable and the rule', (name, value, rule) => {
    expect(() => serverLimitsFrom({ [name]: value })).toThrow(
      `Invalid HTTP server settings: ${name} must be a whole number of ${rule} (got ${JSON.stringify(value)}). See .env.example.`,
    );
  });

  it('names every bad variable in one error, and cuts a long value short', () => {
    expect(() =>
      serverLimitsFrom({ HTTP_MAX_CONNECTIONS: 'x'.repeat(100), HTTP_REQUEST_TIMEOUT_MS: 'soon' }),
    ).toThrow(
      `Invalid HTTP server settings: HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000 (got "soon"); HTTP_MAX_CONNECTIONS must be a whole number of connections from 1 to 100000 (got "${'x'.repeat(40)}…"). See .env.example.`,
    );
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() =>
      serverLimitsFrom({ HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_HEADERS_TIMEOUT_MS: '6000' }),
    ).toThrow(
      'HTTP_HEADERS_TIMEOUT_MS (6000) must not exceed HTTP_REQUEST_TIMEOUT_MS (5000): the headers are part of the request',
    );
  });
});

describe('the environment variables of the sample app', () => {
  const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it.each(ENVIRONMENT_VARIABLES)(
    '%s is in .env.example and in the README environment table',
    (name) => {
      expect(envExample).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    },
  );
});
