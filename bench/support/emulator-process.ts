/**
 * Starts the Marketing Cloud emulator in its own process, through its CLI, as a user would
 * (`marketing-cloud-emulator --json`). Benchmarks pass `record: false` (`--no-record`): the emulator
 * would otherwise keep every request in memory. A preloaded probe (emulator-cpu-probe.ts) reports the
 * emulator's own CPU time over IPC.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface EmulatorAddresses {
  /** The Authentication Base URI, ending in `/`: POST `${authBaseUrl}v2/token`. */
  authBaseUrl: string;
  /** The REST base URI, ending in `/` (what `rest_instance_url` says). */
  restBaseUrl: string;
  port: number;
}

export interface EmulatorProcess extends EmulatorAddresses {
  readonly child: ChildProcess;
  /** The emulator process's own CPU time so far (user + system, µs), from `process.cpuUsage()` inside it. */
  cpuMicros(): Promise<number>;
  /** Ends the emulator (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
}

/** The CLI of the built emulator package (libs/marketing-cloud-emulator/dist/cjs/cli.js). */
export const EMULATOR_CLI = new URL(
  '../cjs/cli.js',
  import.meta.resolve('marketing-cloud-emulator'),
);
const CPU_PROBE = new URL('./emulator-cpu-probe.js', import.meta.url);

/** What a contender process asks its parent (runInChild's `answer`): the emulator's CPU time so far, in µs. */
export const EMULATOR_CPU_QUESTION = 'emulator-cpu';
/** The same for the emulator's Authentication Base URI. */
export const EMULATOR_URL_QUESTION = 'emulator-url';

export async function startEmulatorProcess(
  options: { record?: boolean; latencyMs?: number } = {},
): Promise<EmulatorProcess> {
  const args = [fileURLToPath(EMULATOR_CLI), '--json'];
  if (options.record === false) args.push('--no-record');
  if (options.latencyMs !== undefined) args.push('--latency-ms', String(options.latencyMs));
  const child = spawn(process.execPath, ['--import', CPU_PROBE.href, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the emulator exited with code ${String(code)} before listening`);
    }),
  ])) as [string];
  lines.close();
  const addresses = JSON.parse(line) as EmulatorAddresses;
  const exited = once(child, 'exit');
  return {
    ...addresses,
    child,
    cpuMicros: async () => {
      const reply = once(child, 'message');
      child.send('cpu');
      const [answer] = (await Promise.race([
        reply,
        exited.then(() => {
          throw new Error('the emulator exited');
        }),
      ])) as [{ cpu: NodeJS.CpuUsage }];
      return answer.cpu.user + answer.cpu.system;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
