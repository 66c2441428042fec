/**
 * A private redis-server for tests and queue runs: a free port on 127.0.0.1, no persistence
 * (`--save '' --appendonly no`) unless asked `durable`, stopped by `stop()`. Set REDIS_URL to use another server instead
 * (then `stop()` and `restart()` are not available: a test that needs them is skipped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './tcp.js';

export interface TestRedis {
  /** `redis://127.0.0.1:{port}` (or REDIS_URL). */
  readonly url: string;
  readonly port: number;
  /** Whether this helper started the server (and so can stop and restart it). */
  readonly owned: boolean;
  /** Stops the server (SIGTERM, no save) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it (again) on the same port: empty, unless started `durable`. */
  restart(): Promise<void>;
  /** Stops the server but keeps its data folder, for a `restart()` later. */
  pause(): Promise<void>;
  /**
   * Freezes the server (SIGSTOP): connections stay open and nothing answers, as on a network cut
   * without a reset. `thaw()` (SIGCONT) lets it go on; `stop()` thaws it first.
   */
  freeze(): void;
  thaw(): void;
}

export interface TestRedisOptions {
  /**
   * Keep the data across `restart()`: an append-only file in a temporary folder, written on every
   * command (for runs that stop Redis mid-way and expect nothing lost). Default false: no persistence.
   */
  durable?: boolean;
}

async function spawnRedis(port: number, dataDir: string | undefined): Promise<ChildProcess> {
  const persistence = dataDir
    ? ['--dir', dataDir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const child = spawn(
    process.env.REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
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
  child.kill('SIGCONT'); // a frozen server would hold SIGTERM until thawed
  child.kill('SIGTERM');
  await exited;
}

/** What `restart()` does on a server the helper did not start. */
function notOwned(): Promise<void> {
  return Promise.reject(new Error('REDIS_URL is set: this helper did not start that server'));
}

export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (external) {
    const port = Number(new URL(external).port || 6379);
    return {
      url: external,
      port,
      owned: false,
      stop: async () => {},
      restart: notOwned,
      pause: notOwned,
      freeze: () => {
        throw new Error('REDIS_URL is set: this helper did not start that server');
      },
      thaw: () => {},
    };
  }
  const port = await freePort();
  const dataDir = options.durable ? await mkdtemp(join(tmpdir(), 'test-redis-')) : undefined;
  let child: ChildProcess | undefined = await spawnRedis(port, dataDir);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    owned: true,
    stop: async () => {
      await stopChild(child);
      child = undefined;
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild(child);
      child = await spawnRedis(port, dataDir);
    },
    pause: async () => {
      await stopChild(child);
      child = undefined;
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  };
}

/** A prefix no other test uses, so tests can share one server without flushing it. */
export function uniqueRedisPrefix(label: string): string {
  return `t-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
