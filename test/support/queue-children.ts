import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { QueueChildConfig, QueueChildMessage } from '../fixtures/queue-child.js';

/** Node flags that let a child run this repository's TypeScript sources (see typescript-loader/). */
export const TYPESCRIPT_CHILD_FLAGS = [
  '--conditions=source',
  '--import',
  './test/fixtures/typescript-loader/register.mjs',
];

export interface QueueChild {
  readonly process: ChildProcess;
  /** The next message of the given type. */
  next<T extends QueueChildMessage['type']>(
    type: T,
  ): Promise<Extract<QueueChildMessage, { type: T }>>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts test/fixtures/queue-child.ts in a process of its own and waits until it is ready. */
export async function startQueueChild(config: QueueChildConfig): Promise<QueueChild> {
  const child = fork(
    new URL('../fixtures/queue-child.ts', import.meta.url),
    [JSON.stringify(config)],
    {
      execArgv: TYPESCRIPT_CHILD_FLAGS,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const inbox: QueueChildMessage[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (message) => {
    inbox.push(message as QueueChildMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = once(child, 'exit');
  const handle: QueueChild = {
    process: child,
    next: async (type) => {
      for (;;) {
        const index = inbox.findIndex((message) => message.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0] as never;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `queue child exited (${String(child.exitCode ?? child.signalCode)}) before "${type}"`,
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
  await handle.next('ready');
  return handle;
}
