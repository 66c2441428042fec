/**
 * Runs a benchmark script in a process of its own and returns the one result it sends back over IPC
 * (the script's side is `serveChild`).
 */
import { fork } from 'node:child_process';

export async function runInChild<Result>(
  script: URL,
  config: unknown,
  options: { execArgv?: string[]; timeoutMs?: number } = {},
): Promise<Result> {
  const child = fork(script, [JSON.stringify(config)], {
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: Result | undefined;
  child.once('message', (message) => {
    result = message as Result;
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

/**
 * The child's side of `runInChild`: runs `run` with the config from argv, sends its result to the
 * parent, and disconnects; a failure is printed and ends the process with exit code 1.
 */
export function serveChild<Config, Result>(run: (config: Config) => Promise<Result>): void {
  run(JSON.parse(process.argv[2] ?? '{}') as Config).then(
    (result) => {
      process.send?.(result);
      process.disconnect?.();
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
}
