import { planChannelEvents, type ChannelEvent } from '../domain/channelEvents';
import type { Effect } from '../domain/effects';
import type { Inbox, InboxItem } from '../db/inbox';
import { isAppError } from '../errors';
import { applyCommand, commandPurpose } from '../usecases/applyCommand';
import { requestDeclaration } from '../usecases/declareIncident';
import type { UseCaseDeps } from '../usecases/deps';
import type { InboxPayload } from './payloads';

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
