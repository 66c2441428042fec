import { Injectable } from '@nestjs/common';
import type { AccessTokenManager } from '../auth/access-token-manager.js';
import { duplicateInstanceMessage, invalidInstanceNameMessage } from '../errors/error-messages.js';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';

/** Letters, digits, `-`, `_` and `.`, starting with a letter or digit: safe in tokens, logs and metrics. */
const INSTANCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What the rest of the library (health, telemetry) may know of one registered instance. */
export interface MarketingCloudInstance {
  readonly name: string;
  readonly accessTokens: AccessTokenManager;
  readonly options: ResolvedMarketingCloudOptions;
}

/**
 * The MarketingCloudModule instances of one application, by name. One registry per application
 * (a global module that every registration imports), so two apps in one process do not meet.
 */
@Injectable()
export class MarketingCloudInstanceRegistry {
  private readonly claimed = new Set<string>();
  private readonly instances = new Map<string, MarketingCloudInstance>();

  /** Reserves `name` while the instance starts; a second registration of it fails start-up here. */
  claim(name: string): void {
    if (typeof name !== 'string' || !INSTANCE_NAME.test(name)) {
      const problems = [invalidInstanceNameMessage(name)];
      throw new MarketingCloudConfigurationError(problems[0]!, problems);
    }
    if (this.claimed.has(name)) {
      const problems = [duplicateInstanceMessage(name)];
      throw new MarketingCloudConfigurationError(problems[0]!, problems);
    }
    this.claimed.add(name);
  }

  register(instance: MarketingCloudInstance): MarketingCloudInstance {
    this.instances.set(instance.name, instance);
    return instance;
  }

  get(name: string): MarketingCloudInstance | undefined {
    return this.instances.get(name);
  }

  names(): string[] {
    return [...this.instances.keys()];
  }
}
