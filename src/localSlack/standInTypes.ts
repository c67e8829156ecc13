// Options and records of the Slack stand-in; standIn.ts re-exports them so importers keep one path.
import type { HttpResult } from './signing';
import type { JsonRecord } from './standInModel';
import type { RateLimitOptions } from './rateLimits';

/** How Slack retries a failed Events API delivery. */
export interface RetryPolicy {
  /** Wait before retry n+1, measured from the failure of the attempt before it. */
  delaysMs: number[];
  /** Slack abandons a request the app has not answered within this time. */
  timeoutMs: number;
}

/** Slack's own policy: 3 retries, almost at once, after 1 min, after 5 min; 3-s timeout. */
export const SLACK_RETRY_POLICY: RetryPolicy = { delaysMs: [0, 60_000, 300_000], timeoutMs: 3000 };

/** The `x-slack-retry-reason` values the stand-in produces (Slack has a few more, e.g. ssl_error). */
export type RetryReason = 'http_timeout' | 'http_error' | 'connection_failed';

export interface StandInOptions {
  botToken: string;
  signingSecret: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Deliver `message` events for the bot's own posts, as Slack does when subscribed. */
  deliverBotMessages?: boolean;
  /** Write channel_join / channel_topic messages into history like Slack (default true). */
  systemMessages?: boolean;
  /** App-level token (xapp-…) that `apps.connections.open` accepts, for Socket Mode. */
  appToken?: string;
  /**
   * Retry failed event deliveries like Slack. `true` means SLACK_RETRY_POLICY; pass compressed
   * delays in tests. Off by default: a delivery is then one POST with no timeout.
   */
  retries?: boolean | Partial<RetryPolicy>;
  /** Enforce Slack's per-method rate tiers (see rateLimits.ts for the table and the default). */
  rateLimits?: boolean | RateLimitOptions;
  /**
   * Keep only this many of the latest recorded calls, responses, deliveries and ephemeral messages (checked
   * every 10 s): a local Slack that runs for days. Unset: everything is kept, as a test wants.
   */
  keepRecords?: number;
}

export interface RecordedCall {
  method: string;
  /** Form/JSON arguments minus the token; JSON-string fields (blocks, files…) decoded. */
  args: JsonRecord;
  /** Stand-in clock, seconds. */
  at: number;
  failed: boolean;
  result: unknown;
  /** HTTP status of the answer: 200, or 429 when rate limited. */
  status?: number;
  /** Seconds announced in Retry-After on a 429. */
  retryAfter?: number;
}

export interface RecordedResponse {
  id: string;
  body: unknown;
  at: number;
  status: number;
}

export type Failure = { error: string } | { status: 429; retryAfter: number };

export interface Delivery extends HttpResult {
  elapsedMs: number;
  /**
   * Why Slack would count this attempt as failed; absent on a 2xx answered in time. With retries
   * on, a timeout or connection failure resolves with status 0 and this set instead of throwing.
   */
  failure?: RetryReason;
  /** The transport error of a timed-out or failed connection. */
  error?: string;
}

/** One attempt to deliver one event: the original or a retry. */
export interface DeliveryRecord {
  eventId: string;
  event: JsonRecord;
  /** Absent on the original attempt; 1–3 on retries. */
  retryNum?: number;
  /** The `x-slack-retry-reason` header this attempt carried. */
  retryReason?: string;
  /** Set once the app answered (any status, in time). */
  delivery?: Delivery;
  /** Set when the request failed in transport (connection, timeout). */
  error?: string;
  /** Set when Slack would count this attempt as failed. */
  failure?: RetryReason;
  /** Wall-clock duration of the attempt, whatever its outcome. */
  elapsedMs?: number;
  /** The app answered `x-slack-no-retry: 1`. */
  noRetry?: boolean;
}

export interface ActionResult {
  event: JsonRecord;
  eventId: string;
  /**
   * The first attempt's answer; undefined when not delivered: `deliver:false`, or the bot is not
   * in the channel. Retries (when on) happen later: see `deliveries` / `attemptsFor(eventId)`.
   */
  delivery: Delivery | undefined;
}

export interface DeliverOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  signingSecret?: string;
  /** Signature timestamp of the first attempt only: Slack signs every retry afresh. */
  timestampSec?: number;
}

export interface ActionOptions {
  deliver?: boolean;
}

export interface TextOptions extends ActionOptions {
  /**
   * The text is already what Slack stores (entity-encoded): pass it through unchanged. For text a
   * picker cannot produce, e.g. a literally typed `<!channel>`: `escapeEntities('<!channel>')`.
   */
  wire?: boolean;
}

/** A long-running local Slack keeps its latest records only, and lets closed views go. */
export function trimRecords(lists: unknown[][], views: Array<{ closed?: boolean }>, keep: number): void {
  for (const list of lists) list.splice(0, Math.max(0, list.length - keep));
  const closed = views.filter((v) => v.closed).slice(0, Math.max(0, views.length - keep));
  for (const v of closed) views.splice(views.indexOf(v), 1);
}
