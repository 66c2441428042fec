import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { QueueChildConfig, QueueChildMessage } from '../fixtures/queue-child.js';
import type { TokenChildConfig, TokenChildMessage } from '../fixtures/token-child.js';

/** Node flags that let a child run this repository's TypeScript sources (see typescript-loader/). */
export const TYPESCRIPT_CHILD_FLAGS = [
  '--conditions=source',
  '--import',
  './test/fixtures/typescript-loader/register.mjs',
];

export interface TestChild<Message extends { type: string }> {
  readonly process: ChildProcess;
  /** The next message of the given type. */
  next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

export type QueueChild = TestChild<QueueChildMessage>;
export type TokenChild = TestChild<TokenChildMessage>;

/** Starts test/fixtures/queue-child.ts in a process of its own and waits until it is ready. */
export function startQueueChild(config: QueueChildConfig): Promise<QueueChild> {
  return startTestChild<QueueChildMessage>('queue-child.ts', config);
}

/** Starts test/fixtures/token-child.ts in a process of its own and waits until it is ready. */
export function startTokenChild(config: TokenChildConfig): Promise<TokenChild> {
  return startTestChild<TokenChildMessage>('token-child.ts', config);
}

/** Forks a fixture with one JSON argument; it must send `{ type: 'ready' }` first. */
async function startTestChild<Message extends { type: string }>(
  fixture: string,
  config: unknown,
): Promise<TestChild<Message>> {
  const child = fork(new URL(`../fixtures/${fixture}`, import.meta.url), [JSON.stringify(config)], {
    execArgv: TYPESCRIPT_CHILD_FLAGS,
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
