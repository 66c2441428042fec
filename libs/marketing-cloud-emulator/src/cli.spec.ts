import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchAccessToken,
  firstRecipient,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
// Node 20 cannot run TypeScript: this hook strips the types (with SWC) as the process loads them.
const TYPESCRIPT_LOADER = fileURLToPath(
  new URL('../../../test/fixtures/typescript-loader/register.mjs', import.meta.url),
);

interface Addresses {
  authBaseUrl: string;
  restBaseUrl: string;
  port: number;
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('no stdout');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return line;
}

describe('marketing-cloud-emulator CLI (a real process)', () => {
  let directory: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mc-emulator-cli-process-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function runCli(args: string[]): ChildProcess {
    const child = spawn(process.execPath, ['--import', TYPESCRIPT_LOADER, CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return child;
  }

  it('serves the definitions file, prints its addresses as JSON and exits 0 on SIGTERM', async () => {
    const definitions = join(directory, 'defs.json');
    await writeFile(definitions, JSON.stringify([{ customerKey: 'cli_key' }]));
    const child = runCli(['--json', '--definitions', definitions]);

    const addresses = JSON.parse(await firstLine(child)) as Addresses;
    expect(addresses).toEqual({
      authBaseUrl: `http://127.0.0.1:${addresses.port}/auth/`,
      restBaseUrl: `http://127.0.0.1:${addresses.port}/rest/`,
      port: expect.any(Number) as unknown,
    });
    const token = await fetchAccessToken(addresses.authBaseUrl);
    const sent = await postJson(sendUrl(addresses.restBaseUrl, 'key:cli_key'), sendBody(), {
      token,
    });
    expect(sent.status).toBe(202);
    expect(firstRecipient(sent.body)).toMatchObject({ hasErrors: false, messages: ['Queued'] });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('exits 1 with a message on stderr for a bad port', async () => {
    const child = runCli(['--port', 'abc']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toBe(
      "marketing-cloud-emulator: --port must be an integer from 0 to 65535, got 'abc'\n",
    );
  });
});
