import type { MarketingCloudModuleOptions } from 'nestjs-marketing-cloud';

/** The environment variables the sample app reads (see .env.example). */
export const MARKETING_CLOUD_ENV_VARIABLES = [
  'NODE_ENV',
  'MC_SUBDOMAIN',
  'MC_AUTH_BASE_URL',
  'MC_CLIENT_ID',
  'MC_CLIENT_SECRET',
  'MC_ACCOUNT_ID',
  'MC_SCOPE',
  'MC_REQUEST_TIMEOUT_MS',
  'REDIS_URL',
  'QUEUE_CONCURRENCY',
] as const;

export type MarketingCloudEnv = Partial<
  Record<(typeof MARKETING_CLOUD_ENV_VARIABLES)[number], string>
>;

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

/** Names the variables still missing for a real tenant, in the order a user would set them. */
function missingVariables(env: MarketingCloudEnv): string[] {
  return [
    ...(present(env.MC_SUBDOMAIN) || present(env.MC_AUTH_BASE_URL)
      ? []
      : ['MC_SUBDOMAIN (or MC_AUTH_BASE_URL)']),
    ...(present(env.MC_CLIENT_ID) ? [] : ['MC_CLIENT_ID']),
    ...(present(env.MC_CLIENT_SECRET) ? [] : ['MC_CLIENT_SECRET']),
  ];
}

/**
 * Decides the target from the environment. With no credential variable at all and NODE_ENV other
 * than production, the app uses the built-in emulator; otherwise every credential must be there,
 * and the error names the missing ones (never their values).
 */
export function marketingCloudTarget(env: MarketingCloudEnv): MarketingCloudTarget {
  const anyCredential = CREDENTIAL_VARIABLES.some((name) => present(env[name]));
  if (!anyCredential && env.NODE_ENV !== 'production') return { kind: 'emulator' };
  const missing = missingVariables(env);
  if (missing.length > 0) {
    throw new Error(
      `Marketing Cloud is not configured: set ${missing.join(', ')}${env.NODE_ENV === 'production' ? ' (NODE_ENV=production never falls back to the built-in emulator)' : ''}. See .env.example.`,
    );
  }
  return {
    kind: 'tenant',
    options: {
      ...(present(env.MC_SUBDOMAIN) && { subdomain: env.MC_SUBDOMAIN.trim() }),
      ...(present(env.MC_AUTH_BASE_URL) && { authBaseUrl: env.MC_AUTH_BASE_URL.trim() }),
      clientId: env.MC_CLIENT_ID!.trim(),
      clientSecret: env.MC_CLIENT_SECRET!.trim(),
      ...(present(env.MC_ACCOUNT_ID) && { accountId: env.MC_ACCOUNT_ID.trim() }),
      ...(present(env.MC_SCOPE) && { scope: env.MC_SCOPE.trim() }),
      ...(present(env.MC_REQUEST_TIMEOUT_MS) && {
        requestTimeoutMs: Number(env.MC_REQUEST_TIMEOUT_MS),
      }),
    },
  };
}
