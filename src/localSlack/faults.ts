// Slack misbehaving on purpose, as it does in production: failed and stalled calls, rate limits (Slack's tiers
// and every-Nth 429s), a token missing scopes, and retried event deliveries.
import type { EventDeliverer } from './eventDelivery';
import { EveryNth, RateLimiter, type RateLimitOptions } from './rateLimits';
import { SLACK_RETRY_POLICY, type Failure, type RetryPolicy } from './standInTypes';
import type { WebApiGate } from './webApiGate';

/**
 * Rate tiers are enforced unless a test opts out: a stand-in more patient than Slack hides a bot
 * that bursts. The whole suite passes with them on (measured when this default was chosen).
 */
export const RATE_LIMITS_BY_DEFAULT = true;

export class Faults {
  constructor(
    private readonly gate: WebApiGate,
    private readonly deliverer: EventDeliverer,
  ) {}

  /** Fail the next `times` calls of `method` (after auth passes), then behave normally again. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.gate.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.gate.failures.set(method, queue);
  }

  /**
   * Answers the next `times` calls of `method` only after `ms` (a slow Slack: the request stays
   * open, then gets its normal answer). `method` '*' stalls the next calls of any method.
   */
  stallNext(method: string, ms: number, times = 1): void {
    const queue = this.gate.stalls.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(ms);
    this.gate.stalls.set(method, queue);
  }

  /**
   * Fault mode: every `n`th Web API call (any method but auth.test and apps.connections.open,
   * counted from now) answers 429 with `Retry-After: retryAfterSec`. `n <= 0` turns it off.
   */
  rateLimitEvery(n: number, retryAfterSec = 1): void {
    this.gate.everyNth = n > 0 ? new EveryNth(n, retryAfterSec) : undefined;
  }

  /** Enforce Slack's rate tiers (`true`, or options), or not (`false`); windows start empty. */
  setRateLimits(limits: boolean | RateLimitOptions): void {
    this.gate.limiter = limits === false ? undefined : new RateLimiter(limits === true ? {} : limits);
  }

  /** The bot token's OAuth scopes from now on: a call needing another one fails with `missing_scope`. */
  setScopes(scopes: readonly string[]): void {
    this.gate.scopes = new Set(scopes);
  }

  /** Retry failed event deliveries like Slack (`true` = Slack's timings), or not (`false`). */
  setRetries(retries: boolean | Partial<RetryPolicy>): void {
    this.deliverer.policy = retries === false ? undefined : { ...SLACK_RETRY_POLICY, ...(retries === true ? {} : retries) };
  }

  get retryPolicy(): RetryPolicy | undefined {
    return this.deliverer.policy;
  }
}
