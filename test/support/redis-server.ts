/**
 * A private redis-server for tests and queue runs: a free port on 127.0.0.1, no persistence
 * (`--save '' --appendonly no`), stopped by `stop()`. Set REDIS_URL to use another server instead
 * (then `stop()` and `restart()` are not available: a test that needs them is skipped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface TestRedis {
  /** `redis://127.0.0.1:{port}` (or REDIS_URL). */
  readonly url: string;
  readonly port: number;
  /** Whether this helper started the server (and so can stop and restart it). */
  readonly owned: boolean;
  /** Stops the server (SIGTERM, no save) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (a server with no persistence forgets everything). */
  restart(): Promise<void>;
}

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('error', (error) =>
      reject(
        new Error(
          `could not start redis-server (${error.message}): install it (apt-get install redis-server) or set REDIS_URL`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with code ${String(code)}:\n${output}`)),
    );
  });
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** What `restart()` does on a server the helper did not start. */
function notOwned(): Promise<void> {
  return Promise.reject(new Error('REDIS_URL is set: this helper did not start that server'));
}

export async function startTestRedis(): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (external) {
    const port = Number(new URL(external).port || 6379);
    return { url: external, port, owned: false, stop: async () => {}, restart: notOwned };
  }
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    stop: async () => {
      await stopChild(child);
      child = undefined;
    },
    restart: async () => {
      await stopChild(child);
      child = await spawnRedis(port);
    },
  };
}

/** A prefix no other test uses, so tests can share one server without flushing it. */
export function uniqueRedisPrefix(label: string): string {
  return `t-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
