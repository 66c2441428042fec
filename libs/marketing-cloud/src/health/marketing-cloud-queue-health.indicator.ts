import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { queueBacklogMessage, queueNoWorkersMessage } from '../errors/error-messages.js';
// Types only: this file never loads bullmq (an optional peer of the queue subpath).
import type { TriggeredSendQueueHealth } from '../queue/queue-health.js';
import { healthDownOf } from './health-reason.js';

/** What the indicator reads: TriggeredSendQueue (nestjs-marketing-cloud/queue) is one. */
export interface MarketingCloudQueueHealthSource {
  health(): Promise<TriggeredSendQueueHealth>;
}

export interface MarketingCloudQueueHealthCheckOptions {
  /** Down when more sends than this are waiting (a backlog). Default: no limit. */
  maxWaiting?: number;
  /** Down when no worker is connected in any process. Default false (an enqueue-only setup is fine). */
  requireWorkers?: boolean;
}

/**
 * A @nestjs/terminus health indicator for the queue of triggered sends: up with its depth, the
 * workers connected and any 429 pause; down when Redis does not answer (within the queue's
 * `enqueueTimeoutMs`), and, when asked, on a backlog or with no worker anywhere.
 */
@Injectable()
export class MarketingCloudQueueHealthIndicator {
  constructor(private readonly health: HealthIndicatorService) {}

  async isHealthy<const Key extends string>(
    key: Key,
    queue: MarketingCloudQueueHealthSource,
    options: MarketingCloudQueueHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    let state: TriggeredSendQueueHealth;
    try {
      state = await queue.health();
    } catch (error) {
      const { message } = healthDownOf(error);
      return indicator.down({ reason: 'queue-unreachable', message });
    }
    const details = { ...state };
    if (options.maxWaiting !== undefined && state.counts.waiting > options.maxWaiting) {
      return indicator.down({
        reason: 'backlog',
        message: queueBacklogMessage(state.counts.waiting, options.maxWaiting),
        ...details,
      });
    }
    if (options.requireWorkers === true && state.workers === 0) {
      return indicator.down({ reason: 'no-workers', message: queueNoWorkersMessage(), ...details });
    }
    return indicator.up(details);
  }
}
