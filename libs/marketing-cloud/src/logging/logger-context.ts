import { isDefaultInstance } from '../instances/instance-name.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';

/**
 * The Nest logger context of an instance's lines: `MarketingCloud` for the default instance,
 * `MarketingCloud:de` for `forRoot({ name: 'de' })`, so that an app with several business units
 * can tell whose token, retry or refusal a line is about.
 */
export function loggerContextOf(
  options: Pick<ResolvedMarketingCloudOptions, 'instanceName'>,
): string {
  return isDefaultInstance(options.instanceName)
    ? 'MarketingCloud'
    : `MarketingCloud:${options.instanceName}`;
}
