import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

/**
 * The name of the instance registered without `name` (or with `name: 'default'`, as in
 * @nestjs/bullmq). Its services are also provided under their classes, so plain class injection
 * (`constructor(private sends: TriggeredSendService)`) gets the default instance.
 */
export const DEFAULT_INSTANCE_NAME = 'default';

/** The instance a `name` option designates: `undefined` and `'default'` are the default instance. */
export function instanceNameOf(name: string | undefined): string {
  return name ?? DEFAULT_INSTANCE_NAME;
}

function isDefault(name: string | undefined): boolean {
  return instanceNameOf(name) === DEFAULT_INSTANCE_NAME;
}

/** A string token private to one instance: tokens of two instances never meet. */
function instanceToken(name: string | undefined, what: string): string {
  return `MarketingCloud(${instanceNameOf(name)}):${what}`;
}

/**
 * The injection token of the TriggeredSendService of the instance `name`, for `moduleRef.get` and
 * tests. Without a name (or `'default'`): the class itself.
 */
export function getTriggeredSendServiceToken(name?: string): string | typeof TriggeredSendService {
  return isDefault(name) ? TriggeredSendService : instanceToken(name, 'TriggeredSendService');
}

/** The injection token of the MarketingCloudHttpClient of the instance `name` (the class for the default). */
export function getMarketingCloudHttpClientToken(
  name?: string,
): string | typeof MarketingCloudHttpClient {
  return isDefault(name)
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
