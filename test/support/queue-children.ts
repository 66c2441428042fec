import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { QueueChildConfig, QueueChildMessage } from '../../bench/queue/queue-child.js';
import type { TokenChildConfig, TokenChildMessage } from '../../bench/queue/token-child.js';

/** Node flags that let a child run this repository's TypeScript sources (see typescript-loader/). */
export const TYPESCRIPT_CHILD_FLAGS = [
  '--conditions=source',
  '--import',
  './test/fixtures/typescript-loader/register.mjs',
];

/**
 * The process fixtures live in bench/queue/ (the queue runs use them too). Run from TypeScript (the
 * tests), a child compiles its sources on start; run from the build (dist/), it starts in a second.
 */
const COMPILED = import.meta.url.endsWith('.js');

export interface TestChild<Message extends { type: string }> {
  readonly process: ChildProcess;
  /** The next message of the given type. */
  next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

export type QueueChild = TestChild<QueueChildMessage>;
export type TokenChild = TestChild<TokenChildMessage>;

/** Starts bench/queue/queue-child.ts in a process of its own and waits until it is ready. */
export function startQueueChild(config: QueueChildConfig): Promise<QueueChild> {
  return startTestChild<QueueChildMessage>('queue-child', config);
}

/** Starts bench/queue/token-child.ts in a process of its own and waits until it is ready. */
export function startTokenChild(config: TokenChildConfig): Promise<TokenChild> {
  return startTestChild<TokenChildMessage>('token-child', config);
}

/** Forks a fixture with one JSON argument; it must send `{ type: 'ready' }` first. */
async function startTestChild<Message extends { type: string }>(
  fixture: string,
  config: unknown,
): Promise<TestChild<Message>> {
  const script = new URL(`../../bench/queue/${fixture}.${COMPILED ? 'js' : 'ts'}`, import.meta.url);
  const child = fork(script, [JSON.stringify(config)], {
    execArgv: COMPILED ? [] : TYPESCRIPT_CHILD_FLAGS,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Message[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (message) => {
    inbox.push(message as Message);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = once(child, 'exit');
  const handle: TestChild<Message> = {
    process: child,
    next: async (type) => {
      for (;;) {
        const index = inbox.findIndex((message) => message.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0] as never;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `child ${fixture} exited (${String(child.exitCode ?? child.signalCode)}) before "${type}"`,
          );
        }
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
      }
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  await handle.next('ready' as Message['type']);
  return handle;
}
