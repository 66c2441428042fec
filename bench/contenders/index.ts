import type { Contender, ContenderName, ContenderTarget } from './contender.js';

type CreateContender = (target: ContenderTarget) => Promise<Contender>;

/**
 * Each contender's module is loaded only by the process that runs it, so that a process's memory
 * holds one client library, not four.
 */
export const LOAD_CONTENDER: Record<ContenderName, () => Promise<CreateContender>> = {
  'raw-http': async () => (await import('./raw-http.js')).createRawHttp,
  module: async () => (await import('./nest-module.js')).createNestModule,
  'sfmc-sdk': async () => (await import('./sfmc-sdk.js')).createSfmcSdk,
  'fuel-rest': async () => (await import('./fuel-rest.js')).createFuelRest,
  undici: async () => (await import('./undici-pool.js')).createUndiciPool,
  baseline: async () => (await import('./nest-module.js')).createBaselineModule,
  axios: async () => (await import('./axios-alone.js')).createAxiosAlone,
};
