import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';

/** The instance without a `name` (kept equal to DEFAULT_INSTANCE_NAME, which lives beside the DI tokens). */
const DEFAULT_INSTANCE = 'default';

/**
 * The Nest logger context of an instance's lines: `MarketingCloud` for the default instance,
 * `MarketingCloud:de` for `forRoot({ name: 'de' })`, so that an app with several business units
 * can tell whose token, retry or refusal a line is about.
 */
export function loggerContextOf(
  options: Pick<ResolvedMarketingCloudOptions, 'instanceName'>,
): string {
  return options.instanceName === DEFAULT_INSTANCE
    ? 'MarketingCloud'
    : `MarketingCloud:${options.instanceName}`;
}
