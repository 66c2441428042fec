import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { healthTimeoutMessage, unknownInstanceMessage } from '../errors/error-messages.js';
import { MarketingCloudInstanceRegistry } from '../instances/marketing-cloud-instance-registry.js';
import { instanceNameOf } from '../instances/instance-tokens.constants.js';
import { healthDownOf, type MarketingCloudHealthDown } from './health-reason.js';

/** How long `isHealthy` waits for a token when none is cached, unless told otherwise. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 3_000;

export interface MarketingCloudHealthCheckOptions {
  /** The instance to check (`forRoot({ name })`). Default: the default instance. */
  name?: string;
  /** How long to wait for a token when none is cached. Default {@link DEFAULT_HEALTH_TIMEOUT_MS}. */
  timeoutMs?: number;
}

class ProbeTimeout extends Error {}

/** `promise`, or a ProbeTimeout after `ms`; the timer never outlives the probe. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProbeTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A @nestjs/terminus health indicator for a MarketingCloudModule instance: up when it holds a valid
 * access token or gets one within `timeoutMs`, down with a reason a person can act on otherwise.
 * A cached token answers at once (no request); on a cold cache every concurrent probe shares the
 * instance's single token request.
 */
@Injectable()
export class MarketingCloudHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly registry: MarketingCloudInstanceRegistry,
  ) {}

  async isHealthy<const Key extends string>(
    key: Key,
    options: MarketingCloudHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    const name = instanceNameOf(options.name);
    const instance = this.registry.get(name);
    if (!instance) {
      return indicator.down({
        instance: name,
        reason: 'not-registered',
        message: unknownInstanceMessage(name, this.registry.names()),
      });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    try {
      await within(instance.accessTokens.getAccessToken(), timeoutMs);
      return indicator.up({ instance: name });
    } catch (error) {
      const down: MarketingCloudHealthDown =
        error instanceof ProbeTimeout
          ? { reason: 'timed-out', message: healthTimeoutMessage(timeoutMs) }
          : healthDownOf(error);
      return indicator.down({ instance: name, ...down });
    }
  }
}
