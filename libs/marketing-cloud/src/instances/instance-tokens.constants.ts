import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { instanceToken, isDefaultInstance } from './instance-name.js';

export { DEFAULT_INSTANCE_NAME, instanceNameOf } from './instance-name.js';

/**
 * The injection token of the TriggeredSendService of the instance `name`, for `moduleRef.get` and
 * tests. Without a name (or `'default'`): the class itself.
 */
export function getTriggeredSendServiceToken(name?: string): string | typeof TriggeredSendService {
  return isDefaultInstance(name)
    ? TriggeredSendService
    : instanceToken(name, 'TriggeredSendService');
}

/** The injection token of the MarketingCloudHttpClient of the instance `name` (the class for the default). */
export function getMarketingCloudHttpClientToken(
  name?: string,
): string | typeof MarketingCloudHttpClient {
  return isDefaultInstance(name)
    ? MarketingCloudHttpClient
    : instanceToken(name, 'MarketingCloudHttpClient');
}

/** Per-instance tokens of the services inside one registration (the default's included). */
export const instanceTokens = (name: string | undefined) =>
  ({
    accessTokenManager: instanceToken(name, 'AccessTokenManager'),
    httpClient: instanceToken(name, 'MarketingCloudHttpClient'),
    triggeredSendService: instanceToken(name, 'TriggeredSendService'),
  }) as const;
