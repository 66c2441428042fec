import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isPlainObject } from './case-insensitive.js';
import type { MarketingCloudEmulatorOptions } from './emulator-options.js';

export interface CliOptions extends MarketingCloudEmulatorOptions {
  /** Print the addresses as one JSON line (for scripts) instead of text. */
  json: boolean;
}

/** What a file may set: every option but the clock (an object with code). */
type FileOptions = Omit<MarketingCloudEmulatorOptions, 'clock'>;

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The options a definitions file may set, with a check of each value's type. */
const FILE_OPTION_CHECKS: Record<keyof FileOptions, (value: unknown) => boolean> = {
  host: (value) => typeof value === 'string',
  port: (value) => isPort(value),
  advertisedOrigin: (value) => typeof value === 'string',
  definitions: (value) => Array.isArray(value) && value.every(isPlainObject),
  clients: (value) => Array.isArray(value) && value.every(isPlainObject),
  expiresInSeconds: (value) => typeof value === 'number',
  tokenLifetimeSeconds: (value) => typeof value === 'number',
  deliveryDelayMs: (value) => typeof value === 'number',
  excludedAddresses: (value) =>
    Array.isArray(value) && value.every((item) => typeof item === 'string'),
  maxBodyBytes: (value) => typeof value === 'number',
  record: (value) => typeof value === 'boolean',
  maxRecords: (value) => isNonNegativeNumber(value),
  deliveryRecordRetention: (value) =>
    isPlainObject(value) &&
    Object.entries(value).every(
      ([key, item]) => ['maxCount', 'maxAgeMs'].includes(key) && isNonNegativeNumber(item),
    ),
  maxBatchSize: (value) => Number.isInteger(value) && (value as number) >= 1,
  latencyMs: (value) => isNonNegativeNumber(value),
  tenants: (value) =>
    Array.isArray(value) &&
    value.every((item) => isPlainObject(item) && typeof item['name'] === 'string'),
};

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** Reads a definitions file: an array of definitions, or a whole options object. */
export async function loadOptionsFile(path: string): Promise<MarketingCloudEmulatorOptions> {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (Array.isArray(content)) return checkFileOptions(path, { definitions: content });
  if (isPlainObject(content)) return checkFileOptions(path, content);
  throw new Error(`${path} must hold an array of definitions or an options object`);
}

// A typo in a key (`definition`) would otherwise be ignored and the defaults used without a word.
function checkFileOptions(
  path: string,
  content: Record<string, unknown>,
): MarketingCloudEmulatorOptions {
  for (const [key, value] of Object.entries(content)) {
    if (!Object.hasOwn(FILE_OPTION_CHECKS, key)) {
      throw new Error(
        `${path}: unknown option '${key}'. Known options: ${Object.keys(FILE_OPTION_CHECKS).join(', ')}`,
      );
    }
    if (!FILE_OPTION_CHECKS[key as keyof FileOptions](value)) {
      throw new Error(`${path}: option '${key}' has an invalid value`);
    }
  }
  return content as MarketingCloudEmulatorOptions;
}

/**
 * Turns the command line (without `node` and the script) into emulator options. `--port` and
 * `--host` override the file's values only when given, so a file may choose them too.
 */
export async function parseCliArguments(argv: readonly string[]): Promise<CliOptions> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      definitions: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-record': { type: 'boolean', default: false },
      'latency-ms': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
    if (!isPort(port)) {
      throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'`);
    }
  }
  let latencyMs: number | undefined;
  if (values['latency-ms'] !== undefined) {
    latencyMs = /^\d+$/.test(values['latency-ms']) ? Number(values['latency-ms']) : Number.NaN;
    if (!Number.isSafeInteger(latencyMs)) {
      throw new Error(
        `--latency-ms must be a whole number of milliseconds, got '${values['latency-ms']}'`,
      );
    }
  }
  const fileOptions = values.definitions ? await loadOptionsFile(values.definitions) : {};
  return {
    ...fileOptions,
    ...(port !== undefined && { port }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values['no-record'] && { record: false }),
    ...(latencyMs !== undefined && { latencyMs }),
    json: values.json,
  };
}

/** What the CLI prints once listening: one JSON line with `--json`, else a short text. */
export function listeningMessage(
  addresses: { authBaseUrl: string; restBaseUrl: string; port: number },
  json: boolean,
): string {
  const { authBaseUrl, restBaseUrl, port } = addresses;
  return json
    ? `${JSON.stringify({ authBaseUrl, restBaseUrl, port })}\n`
    : `Marketing Cloud emulator listening\n  auth base URL: ${authBaseUrl}\n  REST base URL: ${restBaseUrl}\n`;
}
