/** The environment variables that set the sample app's HTTP server limits (see .env.example). */
export const SERVER_LIMIT_ENV_VARIABLES = [
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'HTTP_MAX_CONNECTIONS',
] as const;

export type ServerLimitsEnv = Partial<Record<(typeof SERVER_LIMIT_ENV_VARIABLES)[number], string>>;

/** How long a client may take and how many may be connected: Node's defaults (300 s, no cap) let slow clients exhaust the process. */
export class ServerLimits {
  constructor(
    /** The most time a client may take to send a whole request, headers and body (408 after). */
    readonly requestTimeoutMs: number,
    /** The most time a client may take to send the request headers (408 after); at most requestTimeoutMs. */
    readonly headersTimeoutMs: number,
    /** How long an idle keep-alive connection stays open after a response. */
    readonly keepAliveTimeoutMs: number,
    /** The most connections open at once; the ones beyond are closed as they arrive. */
    readonly maxConnections: number,
  ) {}
}

interface LimitRule {
  readonly variable: (typeof SERVER_LIMIT_ENV_VARIABLES)[number];
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

const RULES = {
  // A 2 MB body needs about 2 s at 8 Mbit/s; 30 s leaves room for slow mobile links.
  requestTimeoutMs: {
    variable: 'HTTP_REQUEST_TIMEOUT_MS',
    defaultValue: 30_000,
    min: 1_000,
    max: 600_000,
    unit: 'milliseconds',
  },
  headersTimeoutMs: {
    variable: 'HTTP_HEADERS_TIMEOUT_MS',
    defaultValue: 10_000,
    min: 1_000,
    max: 600_000,
    unit: 'milliseconds',
  },
  // Node's own default; behind a load balancer, set it above the balancer's idle timeout.
  keepAliveTimeoutMs: {
    variable: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    defaultValue: 5_000,
    min: 1_000,
    max: 600_000,
    unit: 'milliseconds',
  },
  // Well below common file-descriptor limits (ulimit -n), with room for the app's own sockets.
  maxConnections: {
    variable: 'HTTP_MAX_CONNECTIONS',
    defaultValue: 1_000,
    min: 1,
    max: 100_000,
    unit: 'connections',
  },
} as const satisfies Record<keyof ServerLimits, LimitRule>;

/** The documented defaults, for the README and the tests. */
export const SERVER_LIMIT_DEFAULTS = new ServerLimits(
  RULES.requestTimeoutMs.defaultValue,
  RULES.headersTimeoutMs.defaultValue,
  RULES.keepAliveTimeoutMs.defaultValue,
  RULES.maxConnections.defaultValue,
);

/** A shown value, quoted and cut short: these are not secrets, but they may be anything. */
const shown = (value: string): string =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/**
 * Reads the limits from the environment: an unset or empty variable takes its default; any other
 * value must be a whole number in range. Every bad variable is named in one start-up error.
 */
export function serverLimitsFrom(env: ServerLimitsEnv): ServerLimits {
  const problems: string[] = [];
  const read = (rule: LimitRule): number => {
    const raw = env[rule.variable]?.trim() ?? '';
    if (raw === '') return rule.defaultValue;
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= rule.min && value <= rule.max)) {
      problems.push(
        `${rule.variable} must be a whole number of ${rule.unit} from ${rule.min} to ${rule.max} (got ${shown(raw)})`,
      );
    }
    return value;
  };
  const limits = new ServerLimits(
    read(RULES.requestTimeoutMs),
    read(RULES.headersTimeoutMs),
    read(RULES.keepAliveTimeoutMs),
    read(RULES.maxConnections),
  );
  if (problems.length === 0 && limits.headersTimeoutMs > limits.requestTimeoutMs) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}): the headers are part of the request`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid HTTP server settings: ${problems.join('; ')}. See .env.example.`);
  }
  return limits;
}
