/**
 * Runs a benchmark script in a process of its own and returns the one result it sends back over IPC
 * (the script's side is `serveChild`). While it runs, the script may ask the parent questions
 * (`askParent`), e.g. "how much CPU has the emulator used so far", which only the parent can answer.
 */
import { fork } from 'node:child_process';

type ChildMessage =
  { type: 'result'; result: unknown } | { type: 'ask'; id: number; question: unknown };

interface ParentAnswer {
  type: 'answer';
  id: number;
  answer: unknown;
}

export async function runInChild<Result>(
  script: URL,
  config: unknown,
  options: {
    execArgv?: string[];
    timeoutMs?: number;
    /** Answers the child's `askParent` questions. */
    answer?: (question: unknown) => Promise<unknown>;
  } = {},
): Promise<Result> {
  const child = fork(script, [JSON.stringify(config)], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: Result | undefined;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'result') {
      result = message.result as Result;
      return;
    }
    const reply = (answer: unknown) => {
      if (child.connected) child.send({ type: 'answer', id: message.id, answer } as ParentAnswer);
    };
    (options.answer?.(message.question) ?? Promise.resolve(undefined)).then(reply, () =>
      reply(undefined),
    );
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
      },
    );
    if (result === undefined) {
      throw new Error(
        `${script.pathname.split('/').pop()} ended without a result (exit code ${String(code)}${signal ? `, signal ${signal}` : ''})`,
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

let nextQuestion = 0;
const pending = new Map<number, (answer: unknown) => void>();

/** From the child: asks the parent (`runInChild`'s `answer` option) and waits for its answer. */
export function askParent<Answer>(question: unknown): Promise<Answer> {
  if (!process.send) return Promise.resolve(undefined as Answer);
  const id = (nextQuestion += 1);
  if (pending.size === 0) process.on('message', onAnswer);
  return new Promise<Answer>((resolve) => {
    pending.set(id, resolve as (answer: unknown) => void);
    process.send!({ type: 'ask', id, question } satisfies ChildMessage);
  });
}

function onAnswer(message: ParentAnswer): void {
  if (message?.type !== 'answer') return;
  pending.get(message.id)?.(message.answer);
  pending.delete(message.id);
  if (pending.size === 0) process.off('message', onAnswer);
}

/**
 * The child's side of `runInChild`: runs `run` with the config from argv, sends its result to the
 * parent, and disconnects; a failure is printed and ends the process with exit code 1. Without a
 * parent (run by hand), the result is printed (`show`).
 */
export function serveChild<Config, Result>(
  run: (config: Config) => Promise<Result>,
  /** How a run by hand prints the result (JSON by default). */
  show: (result: Result) => string = (result) => JSON.stringify(result, null, 2),
): void {
  run(JSON.parse(process.argv[2] ?? '{}') as Config).then(
    (result) => {
      if (!process.send) {
        console.log(show(result));
        return;
      }
      process.send({ type: 'result', result } satisfies ChildMessage);
      process.disconnect();
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
}
