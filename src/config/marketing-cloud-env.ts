import { Secret, type MarketingCloudModuleOptions } from 'nestjs-marketing-cloud';

/** The variables of one registration, after its prefix (`MC_`, or `MC_DE_` for the business unit `de`). */
const TARGET_VARIABLES = [
  'SUBDOMAIN',
  'AUTH_BASE_URL',
  'CLIENT_ID',
  'CLIENT_SECRET',
  'ACCOUNT_ID',
  'SCOPE',
  'REQUEST_TIMEOUT_MS',
] as const;

/**
 * The named business units the sample app knows, each configured by `MC_{NAME}_*` variables: the
 * default instance reads `MC_*`, the unit `de` reads `MC_DE_*`.
 */
export const NAMED_BUSINESS_UNITS = ['de'] as const;
export type NamedBusinessUnit = (typeof NAMED_BUSINESS_UNITS)[number];

const prefixOf = (unit: NamedBusinessUnit | undefined): string =>
  unit === undefined ? 'MC_' : `MC_${unit.toUpperCase()}_`;

/** The environment variables the sample app reads (see .env.example). */
export const MARKETING_CLOUD_ENV_VARIABLES = [
  'NODE_ENV',
  ...[undefined, ...NAMED_BUSINESS_UNITS].flatMap((unit) =>
    TARGET_VARIABLES.map((name) => `${prefixOf(unit)}${name}`),
  ),
  'REDIS_URL',
  'QUEUE_CONCURRENCY',
] as const;

export type MarketingCloudEnv = Partial<Record<string, string>>;

export const CREDENTIAL_VARIABLES = [
  'MC_SUBDOMAIN',
  'MC_AUTH_BASE_URL',
  'MC_CLIENT_ID',
  'MC_CLIENT_SECRET',
] as const;

/** Where the app sends: a real tenant (credentials set), or the built-in emulator (none set, not production). */
export type MarketingCloudTarget =
  { kind: 'tenant'; options: MarketingCloudModuleOptions } | { kind: 'emulator' };

const present = (value: string | undefined): value is string =>
  value !== undefined && value.trim() !== '';

/** Reads the variables of one registration by their name after the prefix. */
const variablesOf = (env: MarketingCloudEnv, prefix: string) => (name: string) =>
  env[`${prefix}${name}`];

const anyCredential = (env: MarketingCloudEnv, prefix: string): boolean =>
  CREDENTIAL_VARIABLES.some((name) => present(variablesOf(env, prefix)(name.slice('MC_'.length))));

/** Names the variables still missing for a real tenant, in the order a user would set them. */
function missingVariables(env: MarketingCloudEnv, prefix: string): string[] {
  const get = variablesOf(env, prefix);
  return [
    ...(present(get('SUBDOMAIN')) || present(get('AUTH_BASE_URL'))
      ? []
      : [`${prefix}SUBDOMAIN (or ${prefix}AUTH_BASE_URL)`]),
    ...(present(get('CLIENT_ID')) ? [] : [`${prefix}CLIENT_ID`]),
    ...(present(get('CLIENT_SECRET')) ? [] : [`${prefix}CLIENT_SECRET`]),
  ];
}

/** The module options of one registration; its credentials are all there. */
function tenantOptions(env: MarketingCloudEnv, prefix: string): MarketingCloudModuleOptions {
  const get = variablesOf(env, prefix);
  const subdomain = get('SUBDOMAIN');
  const authBaseUrl = get('AUTH_BASE_URL');
  const accountId = get('ACCOUNT_ID');
  const scope = get('SCOPE');
  const requestTimeoutMs = get('REQUEST_TIMEOUT_MS');
  return {
    ...(present(subdomain) && { subdomain: subdomain.trim() }),
    ...(present(authBaseUrl) && { authBaseUrl: authBaseUrl.trim() }),
    clientId: get('CLIENT_ID')!.trim(),
    // Held wrapped from here on: MarketingCloudTarget.options never prints it.
    clientSecret: new Secret(get('CLIENT_SECRET')!.trim()),
    ...(present(accountId) && { accountId: accountId.trim() }),
    ...(present(scope) && { scope: scope.trim() }),
    ...(present(requestTimeoutMs) && { requestTimeoutMs: Number(requestTimeoutMs) }),
  };
}

/**
 * Decides the target from the environment. With no credential variable at all and NODE_ENV other
 * than production, the app uses the built-in emulator; otherwise every credential must be there,
 * and the error names the missing ones (never their values).
 */
export function marketingCloudTarget(env: MarketingCloudEnv): MarketingCloudTarget {
  if (!anyCredential(env, 'MC_') && env['NODE_ENV'] !== 'production') return { kind: 'emulator' };
  const missing = missingVariables(env, 'MC_');
  if (missing.length > 0) {
    throw new Error(
      `Marketing Cloud is not configured: set ${missing.join(', ')}${env['NODE_ENV'] === 'production' ? ' (NODE_ENV=production never falls back to the built-in emulator)' : ''}. See .env.example.`,
    );
  }
  return { kind: 'tenant', options: tenantOptions(env, 'MC_') };
}

/**
 * The target of a named business unit, or undefined when the app does not register it: with any
 * `MC_{UNIT}_*` credential set it is a tenant (every credential required); with none, it is a
 * second built-in emulator when the default instance uses the emulator too, and absent otherwise.
 */
export function businessUnitTarget(
  env: MarketingCloudEnv,
  unit: NamedBusinessUnit,
): MarketingCloudTarget | undefined {
  const prefix = prefixOf(unit);
  if (!anyCredential(env, prefix)) {
    return marketingCloudTarget(env).kind === 'emulator' ? { kind: 'emulator' } : undefined;
  }
  const missing = missingVariables(env, prefix);
  if (missing.length > 0) {
    throw new Error(
      `Business unit '${unit}' is not fully configured: set ${missing.join(', ')}, or none of the ${prefix}* variables to leave it out. See .env.example.`,
    );
  }
  return { kind: 'tenant', options: tenantOptions(env, prefix) };
}

/** The named business units the environment configures (or that the emulator stands in for). */
export function configuredBusinessUnits(env: MarketingCloudEnv): NamedBusinessUnit[] {
  return NAMED_BUSINESS_UNITS.filter((unit) => businessUnitTarget(env, unit) !== undefined);
}
