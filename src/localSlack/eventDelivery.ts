// Events API deliveries: signed envelopes POSTed to the app and, when a retry policy is set,
// Slack's redeliveries of failed ones. Every attempt is appended to `records` as it starts, so a
// test sees the order in which the app received them.
import { randomBytes } from 'node:crypto';
import { signatureHeaders } from './signing';
import type { JsonRecord } from './standInModel';
import type { ActionResult, DeliverOptions, Delivery, DeliveryRecord, RetryPolicy } from './standInTypes';

export interface DelivererConfig {
  appUrl(): string | undefined;
  signingSecret: string;
  teamId: string;
  botUserId: string;
  nowSec(): number;
}

interface Attempt {
  eventId: string;
  event: JsonRecord;
  raw: string;
  secret: string;
  retryNum?: number;
  retryReason?: string;
  timestampSec?: number;
}

interface Sent {
  record: DeliveryRecord;
  /** The transport error, rethrown to the caller when no retry policy is set. */
  thrown?: unknown;
}

/** Random like Slack's ids, so ids from two stand-ins never collide in a shared dedupe store. */
export function newEventId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `Ev${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

function transportError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = err.cause instanceof Error && 'code' in err.cause ? ` (${String(err.cause.code)})` : '';
  return `${err.message}${code}`;
}

export class EventDeliverer {
  policy: RetryPolicy | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Map<Promise<unknown>, AbortController>();
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    private readonly cfg: DelivererConfig,
    readonly records: DeliveryRecord[],
  ) {}

  async deliver(event: object, opts: DeliverOptions): Promise<ActionResult & { delivery: Delivery }> {
    const appUrl = this.cfg.appUrl();
    if (appUrl === undefined) throw new Error('stand-in: set appUrl before delivering events (or pass deliver:false)');
    const eventId = opts.eventId ?? newEventId();
    const envelope = {
      token: 'stand-in-verification',
      team_id: this.cfg.teamId,
      api_app_id: 'A0001',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(this.cfg.nowSec()),
      authorizations: [
        { enterprise_id: null, team_id: this.cfg.teamId, user_id: this.cfg.botUserId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
    };
    const attempt: Attempt = {
      eventId,
      event: { ...event },
      raw: JSON.stringify(envelope),
      secret: opts.signingSecret ?? this.cfg.signingSecret,
      ...(opts.retryNum !== undefined ? { retryNum: opts.retryNum } : {}),
      ...(opts.retryReason !== undefined ? { retryReason: opts.retryReason } : {}),
      ...(opts.timestampSec !== undefined ? { timestampSec: opts.timestampSec } : {}),
    };
    const policy = this.policy;
    const { record, thrown } = await this.attempt(appUrl, attempt, policy);
    // Without a policy the caller sees transport errors, as before retries existed.
    if (!policy && thrown !== undefined) throw thrown;
    const delivery = record.delivery ?? failedDelivery(record);
    return { event: record.event, eventId, delivery };
  }

  /** Resolves once no attempt is in flight and no retry is scheduled. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.timers.size === 0 && this.inFlight.size === 0;
  }

  /** Drops scheduled retries; in-flight attempts get `graceMs` to finish, then are aborted. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const running = [...this.inFlight.keys()];
    await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const controller of this.inFlight.values()) controller.abort();
    this.wakeIfIdle();
  }

  private attempt(appUrl: string, attempt: Attempt, policy: RetryPolicy | undefined): Promise<Sent> {
    const controller = new AbortController();
    // The next retry is scheduled before this attempt stops counting as in flight, so idle()
    // cannot resolve between the two.
    const p = this.send(appUrl, attempt, policy?.timeoutMs, controller).then((sent) => {
      if (policy) this.scheduleRetry(attempt, sent.record, policy);
      return sent;
    });
    this.inFlight.set(p, controller);
    return p.finally(() => {
      this.inFlight.delete(p);
      this.wakeIfIdle();
    });
  }

  private wakeIfIdle(): void {
    if (!this.isIdle()) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private scheduleRetry(attempt: Attempt, previous: DeliveryRecord, policy: RetryPolicy): void {
    if (previous.failure === undefined || previous.noRetry || this.stopped) return;
    const done = attempt.retryNum ?? 0;
    const delay = policy.delaysMs[done];
    if (delay === undefined) return;
    const retry: Attempt = { ...attempt, retryNum: done + 1, retryReason: previous.failure };
    delete retry.timestampSec;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const appUrl = this.cfg.appUrl();
      if (appUrl === undefined || this.stopped) return this.wakeIfIdle();
      // Tracked in the same tick the timer is forgotten, so idle() cannot resolve in between.
      void this.attempt(appUrl, retry, policy);
    }, delay);
    this.timers.add(timer);
  }

  private async send(appUrl: string, attempt: Attempt, timeoutMs: number | undefined, controller: AbortController): Promise<Sent> {
    // Signed with the wall clock, not the stand-in clock: Bolt compares against Date.now().
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...signatureHeaders(attempt.secret, attempt.raw, attempt.timestampSec),
    };
    if (attempt.retryNum !== undefined) headers['x-slack-retry-num'] = String(attempt.retryNum);
    if (attempt.retryReason !== undefined) headers['x-slack-retry-reason'] = attempt.retryReason;
    const record: DeliveryRecord = {
      eventId: attempt.eventId,
      event: attempt.event,
      ...(attempt.retryNum !== undefined ? { retryNum: attempt.retryNum } : {}),
      ...(attempt.retryReason !== undefined ? { retryReason: attempt.retryReason } : {}),
    };
    this.records.push(record);
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
    const started = Date.now();
    try {
      // Slack does not follow redirects to a Request URL; with a policy a 3xx is a failed delivery.
      const res = await fetch(appUrl, {
        method: 'POST',
        headers,
        body: attempt.raw,
        signal: controller.signal,
        redirect: timeoutMs === undefined ? 'follow' : 'manual',
      });
      const body = await res.text();
      const elapsedMs = Date.now() - started;
      const delivery: Delivery = { status: res.status, body, headers: Object.fromEntries(res.headers.entries()), elapsedMs };
      if (res.status < 200 || res.status >= 300) delivery.failure = 'http_error';
      record.delivery = delivery;
      record.elapsedMs = elapsedMs;
      if (delivery.failure) record.failure = delivery.failure;
      if (delivery.headers['x-slack-no-retry'] === '1') record.noRetry = true;
      return { record };
    } catch (err) {
      record.elapsedMs = Date.now() - started;
      record.error = timedOut ? `no answer within ${timeoutMs} ms` : transportError(err);
      record.failure = timedOut ? 'http_timeout' : 'connection_failed';
      return { record, thrown: err };
    } finally {
      clearTimeout(timer);
    }
  }
}

function failedDelivery(record: DeliveryRecord): Delivery {
  return {
    status: 0,
    body: '',
    headers: {},
    elapsedMs: record.elapsedMs ?? 0,
    ...(record.failure !== undefined ? { failure: record.failure } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}
