/** Runs a benchmark script in a process of its own and returns the one result it sends back over IPC. */
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
