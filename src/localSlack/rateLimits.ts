// Slack's Web API rate limits, per method per workspace (the stand-in is one workspace).
// Tiered methods: a sliding 60-s window of accepted calls; a call that finds the window full gets
// 429 with Retry-After = whole seconds until the oldest call leaves it. chat.postMessage: Slack
// allows "1 per second per channel, short bursts above that", modelled as a token bucket per
// channel (burst capacity, refilled at 1 token/s). Only accepted calls use up capacity: a 429 costs
// nothing, as a bot backing off correctly should find. Time is the wall clock: the stand-in clock
// is often frozen or jumped by tests, and a bot's retry timers run on the real one.

/** Calls per minute. Tier 2 ≈ 20, Tier 3 ≈ 50, Tier 4 ≈ 100 (Slack's published tiers). */
export const SLACK_TIERS: Readonly<Record<string, number>> = {
  'conversations.create': 20,
  'conversations.setTopic': 20,
  'conversations.setPurpose': 20,
  'conversations.archive': 20,
  'conversations.list': 20,
  'pins.add': 20,
  'pins.remove': 20,
  'pins.list': 20,
  'reactions.remove': 20,
  'users.list': 20,
  'conversations.invite': 50,
  'conversations.history': 50,
  'conversations.replies': 50,
  'conversations.info': 50,
  'conversations.join': 50,
  'chat.update': 50,
  'chat.delete': 50,
  'reactions.add': 50,
  'users.info': 100,
  'views.open': 100,
  'views.publish': 100,
  'conversations.members': 100,
  'chat.postEphemeral': 100,
  'files.getUploadURLExternal': 100,
  'files.completeUploadExternal': 100,
};

export interface RateLimitOptions {
  /** Calls per minute, merged over SLACK_TIERS (a method absent from both is unlimited). */
  perMinute?: Record<string, number>;
  /** chat.postMessage per channel: bucket capacity (default 5) and refill per second (default 1). */
  postMessage?: { burst?: number; perSecond?: number };
  /** Milliseconds; inject to test window arithmetic without waiting a minute. */
  clock?: () => number;
}

/** Slack's own calls that are never rate limited here (connection setup, token checks). */
export const UNLIMITED = new Set(['auth.test', 'apps.connections.open']);

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly perMinute: Record<string, number>;
  private readonly burst: number;
  private readonly perSecond: number;
  private readonly clock: () => number;
  private readonly windows = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(opts: RateLimitOptions = {}) {
    this.perMinute = { ...SLACK_TIERS, ...opts.perMinute };
    this.burst = opts.postMessage?.burst ?? 5;
    this.perSecond = opts.postMessage?.perSecond ?? 1;
    this.clock = opts.clock ?? Date.now;
  }

  /** Takes a slot for the call, or answers the Retry-After seconds when there is none. */
  take(method: string, channelId: string | undefined): number | undefined {
    if (UNLIMITED.has(method)) return undefined;
    const now = this.clock();
    if (method === 'chat.postMessage') return this.takeToken(`${channelId ?? ''}`, now);
    const limit = this.perMinute[method];
    if (limit === undefined) return undefined;
    const log = (this.windows.get(method) ?? []).filter((t) => t > now - WINDOW_MS);
    this.windows.set(method, log);
    if (log.length >= limit) return Math.max(1, Math.ceil((log[0]! + WINDOW_MS - now) / 1000));
    log.push(now);
    return undefined;
  }

  private takeToken(channel: string, now: number): number | undefined {
    const bucket = this.buckets.get(channel) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
    bucket.tokens -= 1;
    return undefined;
  }
}

/** Fault mode: every Nth eligible call answers 429, whatever the method and the tiers. */
export class EveryNth {
  private count = 0;

  constructor(
    readonly n: number,
    readonly retryAfterSec: number,
  ) {}

  /** Counts the call; answers Retry-After when this call is one of the Nth. */
  next(method: string): number | undefined {
    if (UNLIMITED.has(method)) return undefined;
    this.count += 1;
    return this.count % this.n === 0 ? this.retryAfterSec : undefined;
  }
}
