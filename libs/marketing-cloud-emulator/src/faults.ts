import { SYSTEM_CLOCK, type EmulatorClock } from './clock.js';

/** The routes a fault can target. `any` matches every request, including unknown paths. */
export type EmulatorRoute = 'token' | 'send' | 'sendBatch' | 'deliveryRecord' | 'unknown';
export type FaultRoute = EmulatorRoute | 'any';

/** What the emulator does instead of (or on top of) its normal answer. */
export type FaultAction =
  /** Answer with this status, body (an object is sent as JSON, a string as is) and headers. */
  | { type: 'respond'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Do the normal work, then answer `ms` milliseconds late (a slow or hanging server). */
  | { type: 'delay'; ms: number }
  /**
   * Destroy the connection without answering. By default the request is dropped unprocessed;
   * with `afterProcessing` the work is done first (a send is accepted), then the answer is lost.
   */
  | { type: 'reset'; afterProcessing?: boolean }
  /**
   * 429 / 50100 "Rate limit exceeded". `header` (default true) sends `Retry-After`;
   * `bodyRetryAfter` (default true) puts `retryAfter` in the body, as documented.
   */
  | { type: 'rate-limit'; retryAfterSeconds?: number; header?: boolean; bodyRetryAfter?: boolean }
  /** 429 / 50200 "Your requests are temporarily blocked.", documented without `Retry-After`. */
  | { type: 'blocked' }
  /** 503 / 50300 Service Unavailable with `Retry-After`. */
  | { type: 'unavailable'; retryAfterSeconds?: number }
  /** An HTML error page, as a load balancer or proxy in front of the API would send. Default status 502. */
  | { type: 'html'; status?: number }
  /** Expire every issued token now, then handle the request normally (REST routes then answer 401). */
  | { type: 'expire-tokens' };

export interface FaultRule {
  /** Which requests count towards this rule. Default `any`. */
  route?: FaultRoute;
  /** How many matching requests pass untouched before the fault starts. Default 0. */
  after?: number;
  /** How many matching requests get the fault. Default 1; `Infinity` for every one. */
  times?: number;
  action: FaultAction;
}

export interface FaultHandle {
  /** How many requests this rule has faulted so far. */
  readonly hits: number;
  remove(): void;
}

export interface RateLimitRule {
  /** Which requests count. Default `any`. */
  route?: FaultRoute;
  /** Requests allowed per window; the rest get 429 / 50100. */
  limit: number;
  windowMs: number;
  /** `Retry-After` sent with the 429. Default: the seconds left in the window, rounded up. */
  retryAfterSeconds?: number;
}

interface ActiveRule {
  readonly rule: Required<Omit<FaultRule, 'route'>> & { route: FaultRoute };
  seen: number;
  hits: number;
}

interface ActiveRateLimit {
  readonly rule: RateLimitRule;
  windowStart: number;
  count: number;
}

function matches(ruleRoute: FaultRoute | undefined, route: EmulatorRoute): boolean {
  return ruleRoute === undefined || ruleRoute === 'any' || ruleRoute === route;
}

/**
 * Scripted faults, by route and request count. Rules are checked in the order they were added;
 * every rule counts every request on its route, and the first rule whose turn it is wins. A rule
 * that loses its turn to an earlier one keeps its `times` for the next requests. Rate limits apply
 * only to requests no rule faulted.
 */
export class FaultController {
  private rules: ActiveRule[] = [];
  private rateLimits: ActiveRateLimit[] = [];

  constructor(private readonly clock: EmulatorClock = SYSTEM_CLOCK) {}

  inject(rule: FaultRule): FaultHandle {
    const active: ActiveRule = {
      rule: {
        route: rule.route ?? 'any',
        after: rule.after ?? 0,
        times: rule.times ?? 1,
        action: rule.action,
      },
      seen: 0,
      hits: 0,
    };
    this.rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== active);
      },
    };
  }

  /** Allows `limit` requests per `windowMs` (fixed windows); the rest get 429 / 50100 with `Retry-After`. */
  rateLimit(rule: RateLimitRule): { remove(): void } {
    const active: ActiveRateLimit = { rule, windowStart: this.clock.now(), count: 0 };
    this.rateLimits.push(active);
    return {
      remove: () => {
        this.rateLimits = this.rateLimits.filter((candidate) => candidate !== active);
      },
    };
  }

  clear(): void {
    this.rules = [];
    this.rateLimits = [];
  }

  /** Counts the request against every rule on its route and returns the fault to apply, if any. */
  take(route: EmulatorRoute): FaultAction | undefined {
    let chosen: FaultAction | undefined;
    for (const active of this.rules) {
      if (!matches(active.rule.route, route)) continue;
      active.seen += 1;
      const due = active.seen > active.rule.after && active.hits < active.rule.times;
      if (due && chosen === undefined) {
        active.hits += 1;
        chosen = active.rule.action;
      }
    }
    return chosen ?? this.takeRateLimit(route);
  }

  private takeRateLimit(route: EmulatorRoute): FaultAction | undefined {
    const now = this.clock.now();
    let chosen: FaultAction | undefined;
    for (const active of this.rateLimits) {
      if (!matches(active.rule.route, route)) continue;
      if (now - active.windowStart >= active.rule.windowMs) {
        active.windowStart = now;
        active.count = 0;
      }
      active.count += 1;
      if (active.count > active.rule.limit && chosen === undefined) {
        const secondsLeft = Math.ceil((active.windowStart + active.rule.windowMs - now) / 1000);
        chosen = {
          type: 'rate-limit',
          retryAfterSeconds: active.rule.retryAfterSeconds ?? Math.max(1, secondsLeft),
        };
      }
    }
    return chosen;
  }
}
