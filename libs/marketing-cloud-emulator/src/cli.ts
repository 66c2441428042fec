#!/usr/bin/env node
/**
 * Runs the emulator from the command line:
 *   marketing-cloud-emulator [--port 4000] [--host 127.0.0.1] [--definitions defs.json] [--json] [--no-record] [--latency-ms 100]
 * The definitions file holds either an array of definitions or a whole options object
 * (`definitions`, `clients`, `excludedAddresses`, `deliveryDelayMs`, ...). The parsing lives in
 * cli-options.ts, where it is tested; this file only wires it to the process.
 */
import { listeningMessage, parseCliArguments } from './cli-options.js';
import { startMarketingCloudEmulator } from './emulator.js';

async function main(): Promise<void> {
  const { json, ...options } = await parseCliArguments(process.argv.slice(2));
  const emulator = await startMarketingCloudEmulator(options);
  process.stdout.write(listeningMessage(emulator, json));
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `marketing-cloud-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
