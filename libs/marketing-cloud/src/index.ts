// The public API of nestjs-marketing-cloud. Everything a user may import is named here.
export { MarketingCloudModule } from './marketing-cloud.module.js';
export {
  MARKETING_CLOUD_ASYNC_OPTIONS_TYPE,
  MARKETING_CLOUD_OPTIONS_TYPE,
  type MarketingCloudModuleExtras,
  type MarketingCloudOptionsFactory,
} from './marketing-cloud.module-definition.js';
export {
  MARKETING_CLOUD_MODULE_OPTIONS,
  MARKETING_CLOUD_OPTIONS,
} from './marketing-cloud.constants.js';
export {
  MARKETING_CLOUD_DEFAULTS,
  type MarketingCloudModuleOptions,
  type ResolvedMarketingCloudOptions,
} from './options/marketing-cloud-module-options.js';
export {
  MarketingCloudHttpClient,
  type MarketingCloudRequest,
} from './http/marketing-cloud-http-client.js';
export type { HttpAnswer } from './http/error-from-response.js';
export {
  MarketingCloudError,
  type MarketingCloudErrorDetails,
} from './errors/marketing-cloud.error.js';
export { MarketingCloudConfigurationError } from './errors/marketing-cloud-configuration.error.js';
export { MarketingCloudAuthenticationError } from './errors/marketing-cloud-authentication.error.js';
export { MarketingCloudRateLimitError } from './errors/marketing-cloud-rate-limit.error.js';
export { MarketingCloudRequestError } from './errors/marketing-cloud-request.error.js';
export { MarketingCloudTimeoutError } from './errors/marketing-cloud-timeout.error.js';
export { MarketingCloudUnavailableError } from './errors/marketing-cloud-unavailable.error.js';
