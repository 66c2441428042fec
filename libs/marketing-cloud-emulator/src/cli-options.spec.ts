import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  fetchAccessToken,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';
import { listeningMessage, parseCliArguments } from './cli-options.js';
import { startMarketingCloudEmulator } from './emulator.js';

describe('parseCliArguments', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mc-emulator-cli-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function file(name: string, content: unknown): Promise<string> {
    const path = join(directory, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }

  it('leaves every option to the emulator defaults when none is given', async () => {
    expect(await parseCliArguments([])).toEqual({ json: false });
  });

  it('reads --port, --host, --json and --no-record', async () => {
    expect(
      await parseCliArguments(['--port', '4000', '--host', '0.0.0.0', '--json', '--no-record']),
    ).toEqual({ port: 4000, host: '0.0.0.0', json: true, record: false });
    expect(await parseCliArguments(['--port=0'])).toEqual({ port: 0, json: false });
  });

  it.each([['abc'], ['-1'], ['65536'], ['1.5'], [''], ['4000x']])(
    'rejects the port %j',
    async (port) => {
      await expect(parseCliArguments([`--port=${port}`])).rejects.toThrow(
        `--port must be an integer from 0 to 65535, got '${port}'`,
      );
    },
  );

  it('reads --latency-ms and rejects a value that is not a whole number', async () => {
    expect(await parseCliArguments(['--latency-ms', '100'])).toEqual({
      latencyMs: 100,
      json: false,
    });
    for (const bad of ['-1', '1.5', 'soon', '']) {
      await expect(parseCliArguments([`--latency-ms=${bad}`])).rejects.toThrow(
        `--latency-ms must be a whole number of milliseconds, got '${bad}'`,
      );
    }
  });

  it('rejects unknown flags and positional arguments', async () => {
    await expect(parseCliArguments(['--prot', '4000'])).rejects.toMatchObject({
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    await expect(parseCliArguments(['defs.json'])).rejects.toMatchObject({
      code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
    });
  });

  it('reads a definitions file holding an array of definitions', async () => {
    const definitions = [
      { customerKey: 'welcome', requiredAttributes: ['FirstName'] },
      {
        objectId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        customerKey: 'paused',
        status: 'Inactive',
      },
    ];
    const path = await file('array.json', definitions);
    expect(await parseCliArguments(['--definitions', path])).toEqual({ definitions, json: false });
  });

  it('reads a definitions file holding a whole options object; --port and --host override it', async () => {
    const options = {
      port: 4100,
      host: '127.0.0.1',
      definitions: [{ customerKey: 'from_file' }],
      clients: [{ clientId: 'id', clientSecret: 'secret', accountIds: [1] }],
      excludedAddresses: ['bounce@example.com'],
      deliveryDelayMs: 10,
      expiresInSeconds: 60,
      tokenLifetimeSeconds: 120,
      maxBodyBytes: 2048,
      record: true,
    };
    const path = await file('options.json', options);
    expect(await parseCliArguments(['--definitions', path])).toEqual({ ...options, json: false });
    expect(
      await parseCliArguments(['--definitions', path, '--port', '0', '--host', 'localhost']),
    ).toEqual({ ...options, port: 0, host: 'localhost', json: false });
  });

  it.each([
    ['not JSON', '{ definitions: [', /^Cannot read .*bad\.json: .*JSON/],
    ['a string', '"defs"', /bad\.json must hold an array of definitions or an options object$/],
    [
      'an unknown option',
      { definition: [] },
      /bad\.json: unknown option 'definition'\. Known options: host, port, advertisedOrigin, definitions/,
    ],
    [
      'definitions that are not objects',
      { definitions: ['welcome'] },
      /bad\.json: option 'definitions' has an invalid value$/,
    ],
    ['a port out of range', { port: 70000 }, /bad\.json: option 'port' has an invalid value$/],
    [
      'a delay that is not a number',
      { deliveryDelayMs: '50' },
      /bad\.json: option 'deliveryDelayMs' has an invalid value$/,
    ],
  ])('rejects a definitions file holding %s', async (_, content, message) => {
    const path = await file('bad.json', content);
    await expect(parseCliArguments(['--definitions', path])).rejects.toThrow(message);
  });

  it('rejects a definitions file that does not exist', async () => {
    const path = join(directory, 'missing.json');
    await expect(parseCliArguments(['--definitions', path])).rejects.toThrow(
      `Cannot read ${path}: ENOENT`,
    );
  });

  describe('with a running emulator', () => {
    const track = closeAfterEach();

    it('gives options that start an emulator serving the file definitions', async () => {
      const path = await file('serve.json', [{ customerKey: 'from_file' }]);
      const { json, ...options } = await parseCliArguments(['--definitions', path, '--json']);
      expect(json).toBe(true);
      const emulator = track(await startMarketingCloudEmulator(options));
      const token = await fetchAccessToken(emulator.authBaseUrl);
      const url = (key: string) => sendUrl(emulator.restBaseUrl, key);
      expect((await postJson(url('key:from_file'), sendBody(), { token })).status).toBe(202);
      expect((await postJson(url('key:external_key'), sendBody(), { token })).status).toBe(404);

      // --json prints one line that scripts (the benchmarks) parse.
      const line = listeningMessage(emulator, true);
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toEqual({
        authBaseUrl: emulator.authBaseUrl,
        restBaseUrl: emulator.restBaseUrl,
        port: emulator.port,
      });
      expect(listeningMessage(emulator, false)).toBe(
        `Marketing Cloud emulator listening\n  auth base URL: ${emulator.authBaseUrl}\n  REST base URL: ${emulator.restBaseUrl}\n`,
      );
    });
  });
});
