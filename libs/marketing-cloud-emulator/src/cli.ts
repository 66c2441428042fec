#!/usr/bin/env node
/**
 * Runs the emulator from the command line:
 *   marketing-cloud-emulator [--port 4000] [--host 127.0.0.1] [--definitions defs.json] [--json]
 * The definitions file holds either an array of definitions or a whole options object
 * (`definitions`, `clients`, `excludedAddresses`, `deliveryDelayMs`, ...).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isPlainObject } from './case-insensitive.js';
import { startMarketingCloudEmulator } from './emulator.js';
import type { MarketingCloudEmulatorOptions } from './emulator-options.js';

async function loadOptionsFile(path: string): Promise<MarketingCloudEmulatorOptions> {
  const content: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (Array.isArray(content)) return { definitions: content };
  if (isPlainObject(content)) return content as MarketingCloudEmulatorOptions;
  throw new Error(`${path} must hold an array of definitions or an options object`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      definitions: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-record': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'`);
  }
  const fileOptions = values.definitions ? await loadOptionsFile(values.definitions) : {};
  const emulator = await startMarketingCloudEmulator({
    ...fileOptions,
    port,
    host: values.host,
    ...(values['no-record'] && { record: false }),
  });
  const addresses = {
    authBaseUrl: emulator.authBaseUrl,
    restBaseUrl: emulator.restBaseUrl,
    port: emulator.port,
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(addresses)}\n`
      : `Marketing Cloud emulator listening\n  auth base URL: ${addresses.authBaseUrl}\n  REST base URL: ${addresses.restBaseUrl}\n`,
  );
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
