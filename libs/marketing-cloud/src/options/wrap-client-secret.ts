import type { Provider } from '@nestjs/common';
import { MARKETING_CLOUD_MODULE_OPTIONS } from '../marketing-cloud.constants.js';
import { Secret } from './secret.js';

/** The options with `clientSecret` held in a Secret (anything that is not an object is left as is). */
export function withWrappedClientSecret(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const { clientSecret } = options as { clientSecret?: unknown };
  if (typeof clientSecret !== 'string') return options;
  return { ...options, clientSecret: new Secret(clientSecret) };
}

/**
 * The module's providers with the raw options provider (`MARKETING_CLOUD_MODULE_OPTIONS`) holding
 * the client secret wrapped: the dynamic module `forRoot` returns, and the value behind that public
 * token, would otherwise print the secret in clear (`util.inspect`, a debugger, a provider dump).
 * `forRoot` gives a `useValue`; `forRootAsync` a `useFactory` (for `useClass` / `useExisting` too).
 */
export function wrapClientSecretIn(providers: readonly Provider[]): Provider[] {
  return providers.map((provider) => {
    if (typeof provider !== 'object' || provider.provide !== MARKETING_CLOUD_MODULE_OPTIONS) {
      return provider;
    }
    if ('useValue' in provider) {
      return { ...provider, useValue: withWrappedClientSecret(provider.useValue) };
    }
    if ('useFactory' in provider) {
      const { useFactory } = provider;
      return {
        ...provider,
        useFactory: async (...args: unknown[]) =>
          withWrappedClientSecret(await (useFactory as (...a: unknown[]) => unknown)(...args)),
      };
    }
    return provider;
  });
}
