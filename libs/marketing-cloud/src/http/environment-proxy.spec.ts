import { describe, expect, it } from 'vitest';
import { proxyFromEnvironment } from './environment-proxy.js';

const REST = 'https://mc0000000000000000000000000a.rest.marketingcloudapis.com/messaging/v1/x';
const proxyOf = (env: Record<string, string>, url: string) => {
  const choice = proxyFromEnvironment(env)(url);
  return choice === false ? false : choice.href;
};

describe('proxyFromEnvironment', () => {
  it("uses the scheme's own variable, else ALL_PROXY, and nothing when none is set", () => {
    expect(proxyOf({ HTTPS_PROXY: 'http://proxy:3128' }, REST)).toBe('http://proxy:3128/');
    expect(proxyOf({ HTTP_PROXY: 'http://proxy:3128' }, REST)).toBe(false);
    expect(proxyOf({ HTTP_PROXY: 'http://proxy:3128' }, 'http://127.0.0.1:9/a')).toBe(
      'http://proxy:3128/',
    );
    expect(proxyOf({ ALL_PROXY: 'http://all:1' }, REST)).toBe('http://all:1/');
    expect(proxyOf({}, REST)).toBe(false);
  });

  it('prefers the lower-case name, and gives a proxy without a scheme the scheme of the URL', () => {
    expect(proxyOf({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }, REST)).toBe(
      'http://lower:1/',
    );
    expect(proxyOf({ HTTPS_PROXY: 'proxy:3128' }, REST)).toBe('https://proxy:3128/');
  });

  it.each([
    ['*', false],
    ['marketingcloudapis.com', 'proxied'],
    ['.marketingcloudapis.com', false],
    ['*.marketingcloudapis.com', false],
    ['mc0000000000000000000000000a.rest.marketingcloudapis.com', false],
    ['mc0000000000000000000000000a.rest.marketingcloudapis.com:443', false],
    ['mc0000000000000000000000000a.rest.marketingcloudapis.com:8443', 'proxied'],
    ['example.com, .marketingcloudapis.com', false],
    ['example.com other.org', 'proxied'],
  ])('NO_PROXY=%j for the REST host: %s', (noProxy, expected) => {
    const choice = proxyOf({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy }, REST);
    expect(choice === false ? false : 'proxied').toBe(expected);
  });

  it.each([
    ['127.0.0.1', 'http://127.0.0.1:9/a', false],
    ['localhost', 'http://127.0.0.1:9/a', false],
    ['127.0.0.0/8', 'http://127.0.0.2:9/a', false],
    ['10.0.0.0/8', 'http://127.0.0.1:9/a', 'proxied'],
    ['[::1]', 'http://[::1]:9/a', false],
    ['::1', 'http://[::1]:9/a', false],
  ])('NO_PROXY=%j for %s: %s', (noProxy, url, expected) => {
    const choice = proxyOf({ HTTP_PROXY: 'http://proxy:3128', NO_PROXY: noProxy }, url);
    expect(choice === false ? false : 'proxied').toBe(expected);
  });

  it('reads the environment once: later changes do not apply', () => {
    const env: Record<string, string> = { HTTPS_PROXY: 'http://proxy:3128' };
    const proxyFor = proxyFromEnvironment(env);
    env['HTTPS_PROXY'] = 'http://other:1';
    env['NO_PROXY'] = '*';
    expect(proxyFor(REST)).toEqual(new URL('http://proxy:3128'));
  });

  it('fails every request to an origin whose proxy URL is invalid, as axios does', () => {
    const proxyFor = proxyFromEnvironment({ HTTPS_PROXY: 'http://[bad' });
    expect(() => proxyFor(REST)).toThrow(TypeError);
    expect(() => proxyFor(REST)).toThrow(TypeError);
  });
});
