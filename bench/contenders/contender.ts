/** What each client under test provides to the benchmark: one send, and a way to let go of its resources. */
export interface Contender {
  /** Sends the workload's one email; rejects unless Marketing Cloud (the emulator) accepted it. */
  send(): Promise<void>;
  close(): Promise<void>;
}

export interface ContenderTarget {
  /** The emulator's Authentication Base URI, ending in `/`. */
  authBaseUrl: string;
}

export type ContenderName =
  'raw-http' | 'module' | 'sfmc-sdk' | 'fuel-rest' | 'undici' | 'axios' | 'baseline';

/** The reference every other contender runs beside, pair by pair. */
export const REFERENCE: ContenderName = 'raw-http';

/** The default contenders: the reference, the module, the two peers and the physical-limit row. */
export const CONTENDERS: readonly ContenderName[] = [
  'raw-http',
  'module',
  'sfmc-sdk',
  'fuel-rest',
  'undici',
];

/**
 * Every contender the bench knows: `axios` is an optional reference (axios-alone.ts), `baseline` the
 * module built from another commit (nest-module.ts).
 */
export const ALL_CONTENDERS: readonly ContenderName[] = [...CONTENDERS, 'axios', 'baseline'];

/** The letters the issue gives them, for the table. */
export const CONTENDER_LABELS: Record<ContenderName, string> = {
  'raw-http': '(a) raw node:http, keep-alive',
  module: '(b) TriggeredSendService (this module)',
  'sfmc-sdk': '(c) sfmc-sdk',
  'fuel-rest': '(d) fuel-rest + fuel-auth',
  undici: '(e) undici Pool (physical-limit reference)',
  axios: '(f) axios alone, as the module configures it',
  baseline: '(g) the module built from BENCH_BASELINE_MODULE',
};

/** Every accepted send answers 202 with `responses[0].hasErrors === false` (the emulator's ASYNC answer). */
export function checkAccepted(status: number, body: unknown): void {
  const first = (body as { responses?: { hasErrors?: unknown }[] } | null)?.responses?.[0];
  if (status !== 202 || first?.hasErrors !== false) {
    throw new Error(`send not accepted: HTTP ${status} ${JSON.stringify(body).slice(0, 200)}`);
  }
}
