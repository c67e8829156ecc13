import { backOff } from 'exponential-backoff';
import type { Inbox, InboxItem } from '../db/inbox';
import { planChannelEvents, type ChannelEvent } from '../domain/channelEvents';
import type { Effect } from '../domain/effects';
import { isAppError } from '../errors';
import { applyCommand, commandPurpose } from '../usecases/applyCommand';
import { requestDeclaration } from '../usecases/declareIncident';
import type { UseCaseDeps } from '../usecases/deps';
import type { InboxPayload } from './payloads';

/**
 * The inbox's two halves. receive: the ack path, one insert keyed by Slack's
 * id for the request. Applier: what was stored, applied at once in this
 * process, or later by the sweeper when an apply was interrupted.
 */

/** Long enough for any apply; a crashed replica's items wait this long before the sweeper takes them. */
export const LEASE_MS = 30_000;
/** Slack gives up on an answer after 3 s: a store slower than this is reported as failed. */
const STORE_TIMEOUT_MS = 2_000;

export type Received = 'stored' | 'duplicate';

/**
 * The ack path: one insert into the inbox, keyed by Slack's id for the request,
 * then the item goes to this process's applier. Throws when it could not be
 * stored, so the listener can tell Slack (500: retry) or the person ("not recorded").
 */
export function createReceiver(deps: {
  inbox: Inbox;
  applier: Applier;
  /** The incident clock: when the request happened, as recorded. */
  now(): Date;
  /** The machine's clock, for leases shared with other replicas. */
  clock(): Date;
  owner: string;
  log: { error(...a: unknown[]): void };
}) {
  return async (id: string, payload: InboxPayload): Promise<Received> => {
    const at = deps.now();
    const leaseUntil = new Date(deps.clock().getTime() + LEASE_MS);
    const store = deps.inbox.store({ id, payload }, at, leaseUntil, deps.owner, STORE_TIMEOUT_MS);
    // The driver's own timeout does not bound every wait (server selection while the database is down),
    // and Slack gives up after 3 s: past the limit the sender hears "not stored". A late event is kept:
    // Slack's redelivery finds it stored, and the sweeper applies it. A late command is refused.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inbox: ${id} not stored within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
    });
    let stored: boolean;
    try {
      stored = await Promise.race([store, late]);
    } catch (err) {
      if (payload.type !== 'channel_event') {
        const fail = () => deps.inbox.fail(id, 'stored too late: the caller was told it was not');
        void refuseIfLanded(store, fail, leaseUntil, deps.clock).catch((e: unknown) =>
          deps.log.error(`inbox: ${id} was stored after its caller heard "not recorded", and could not be marked failed:`, e),
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!stored) return 'duplicate';
    deps.applier.submit({ id, payload, receivedAt: at, attempts: 1 });
    return 'stored';
  };
}
export type Receive = ReturnType<typeof createReceiver>;

/**
 * A command whose caller heard "not recorded" must never be applied. If its
 * write lands after all, it is marked failed, retried (the database may still
 * be struggling) until its lease runs out: past that another replica's sweeper
 * could take it, and nothing here can stop that any more.
 */
async function refuseIfLanded(store: Promise<boolean>, fail: () => Promise<void>, leaseUntil: Date, clock: () => Date): Promise<void> {
  if (!(await store.catch(() => false))) return;
  await backOff(fail, {
    startingDelay: 100,
    maxDelay: 5_000,
    numOfAttempts: 50,
    jitter: 'full',
    retry: () => clock() < leaseUntil,
  });
}

export interface ApplierDeps {
  inbox: Inbox;
  useCases: UseCaseDeps;
  /** Stores effects under these ids and starts delivering them. */
  enqueue(effects: Array<{ id: string; effect: Effect }>, now: Date): Promise<void>;
  now(): Date;
  log: { error(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** After this many failed tries an item is given up (and a command's caller told). */
const MAX_ATTEMPTS = 8;
const BATCH = 500;
const backoffMs = (attempts: number) => Math.min(60_000, 500 * 2 ** Math.max(0, attempts - 1));

/**
 * Applies stored inbox items: at once for the ones this process just stored,
 * and for the ones the sweeper hands over. Channel events are applied in
 * batches (one bulk write per collection whatever the batch size, so a burst
 * costs few round trips); commands one by one. Applying is idempotent: an item
 * applied twice (after a crash, or by a sweeper racing a slow applier) writes
 * the same facts under the same keys and the same effects under the same ids.
 */
export class Applier {
  private events: InboxItem<InboxPayload>[] = [];
  private running = new Set<Promise<void>>();
  private flushing = false;

  constructor(private readonly deps: ApplierDeps) {}

  submit(item: InboxItem): void {
    const it = item as InboxItem<InboxPayload>;
    if (it.payload.type === 'channel_event') {
      this.events.push(it);
      if (!this.flushing) this.track(this.flushEvents());
    } else {
      this.track(this.applyOne(it));
    }
  }

  /** Resolves when everything submitted so far (and what it led to) is applied or given back. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => this.deps.log.error('inbox: applying failed unexpectedly:', err)).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async flushEvents(): Promise<void> {
    this.flushing = true;
    try {
      // Let the deliveries arriving in this tick join the batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.events.length > 0) {
        const batch = this.events.splice(0, BATCH);
        await this.applyEvents(batch).catch((err: unknown) => this.giveBack(batch, err));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async applyEvents(batch: InboxItem<InboxPayload>[]): Promise<void> {
    const { inbox, useCases } = this.deps;
    const items = batch.flatMap((i) => (i.payload.type === 'channel_event' ? [{ id: i.id, event: i.payload.event as ChannelEvent }] : []));
    const channels = [...new Set(items.map((i) => i.event.channelId))];
    const incidents = new Map((await useCases.incidents.findByChannels(channels)).map((i) => [i.channelId, i]));
    const plan = planChannelEvents(items, (c) => incidents.get(c));
    // Activity is dated by when the events came, not by when they were applied.
    const latest = new Date(Math.max(...batch.map((i) => i.receivedAt.getTime())));
    await useCases.transcript.save(plan.messages);
    await useCases.timeline.applyReactions(plan.reactions);
    await useCases.incidents.touch(plan.touched, latest);
    await this.deps.enqueue(plan.touched.map((incidentId) => ({ id: `summary:${incidentId}`, effect: { type: 'summary', incidentId } })), this.deps.now());
    await inbox.markDone(plan.done);
    for (const [incidentId, ids] of groupBy(plan.held)) await inbox.hold(ids, incidentId);
  }

  private async applyOne(item: InboxItem<InboxPayload>): Promise<void> {
    const { inbox, useCases } = this.deps;
    const p = item.payload;
    let effects: Effect[];
    try {
      if (p.type === 'declare_form') effects = requestDeclaration({ ...p.declaration, at: item.receivedAt });
      else if (p.type === 'command') {
        const ctx = { channelId: p.channelId, userId: p.userId, key: item.id, responseUrl: p.responseUrl, now: item.receivedAt };
        effects = await applyCommand(useCases, ctx, p.text);
      } else throw new Error(`not a command: ${item.id}`);
    } catch (err) {
      if (!isAppError(err)) return this.retryOrGiveUp(item, err);
      effects = [{ type: 'reply', to: replyTarget(p), notice: { kind: 'error', message: err.details } }];
    }
    try {
      await this.deps.enqueue(effects.map((effect, i) => ({ id: `${item.id}:${i}`, effect })), this.deps.now());
      await inbox.markDone([item.id]);
    } catch (err) {
      await this.giveBack([item], err);
    }
  }

  private async retryOrGiveUp(item: InboxItem<InboxPayload>, err: unknown): Promise<void> {
    if (item.attempts < MAX_ATTEMPTS) return this.giveBack([item], err);
    this.deps.log.error(`inbox: giving up on ${item.id} after ${item.attempts} attempts:`, err);
    const p = item.payload;
    const what = p.type === 'command' ? commandPurpose(p.text) : 'declare the incident';
    await this.deps.enqueue([{ id: `${item.id}:failed`, effect: { type: 'reply', to: replyTarget(p), notice: { kind: 'error', message: { kind: 'failed', what } } } }], this.deps.now());
    await this.deps.inbox.fail(item.id, String(err));
  }

  /** The lease is shortened to a backoff: the sweeper tries the items again then. */
  private async giveBack(items: InboxItem[], err: unknown): Promise<void> {
    this.deps.log.warn(`inbox: ${items.length} item(s) not applied yet, will retry:`, err instanceof Error ? err.message : err);
    const now = this.deps.now().getTime();
    for (const item of items) {
      await this.deps.inbox.release(item.id, new Date(now + backoffMs(item.attempts)), String(err)).catch(() => undefined);
    }
  }
}

function replyTarget(p: InboxPayload) {
  if (p.type === 'command') return { responseUrl: p.responseUrl };
  if (p.type === 'declare_form') return p.declaration.replyTo;
  throw new Error('channel events have nobody to answer');
}

function groupBy(held: Array<{ id: string; incidentId: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of held) out.set(h.incidentId, [...(out.get(h.incidentId) ?? []), h.id]);
  return out;
}
