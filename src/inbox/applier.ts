import { planChannelEvents } from '../domain/channelEvents';
import type { Effect } from '../domain/effects';
import { isAppError } from '../errors';
import { inboxBindings, withBindings, type Bindable } from '../logContext';
import { addAction } from '../usecases/addAction';
import { addMessageToTimeline } from '../usecases/addMessageToTimeline';
import { addNote } from '../usecases/addNote';
import { openHome } from '../usecases/appHome';
import { completeAction, listActions } from '../usecases/followUps';
import { postUpdate } from '../usecases/postUpdate';
import { assignRole } from '../usecases/assignRole';
import { changeSeverity } from '../usecases/changeSeverity';
import { changeStatus } from '../usecases/changeStatus';
import { closeIncident } from '../usecases/closeIncident';
import { requestAdoption } from '../usecases/declareHere';
import { requestDeclaration } from '../usecases/declareIncident';
import type { CommandContext, UseCaseDeps } from '../usecases/deps';
import { listIncidents } from '../usecases/listIncidents';
import { recordStatement } from '../usecases/recordStatement';
import { reopenIncident } from '../usecases/reopenIncident';
import { requestDraft } from '../usecases/requestDraft';
import { setImpactWindow } from '../usecases/setImpactWindow';
import { readPayload, replyTargetOf, type InboxPayload, type StoredCommand } from './payloads';
import type { ApplierObserver, InboxItem, InboxStore, ItemSink, Leases } from './store';

export interface ApplierDeps {
  inbox: InboxStore;
  useCases: UseCaseDeps;
  /** Stores effects under these ids and starts delivering them. */
  enqueue(effects: Array<{ id: string; effect: Effect }>): Promise<void>;
  leases: Leases;
  log: Bindable<{ error(...a: unknown[]): void; warn(...a: unknown[]): void; debug?(...a: unknown[]): void }>;
  /** Told what became of the items (the metrics); optional. */
  observe?: ApplierObserver;
}

/** After this many failed tries an item is given up (and a command's caller told). */
const MAX_ATTEMPTS = 8;
const BATCH = 500;
const backoffMs = (attempts: number) => Math.min(60_000, 500 * 2 ** Math.max(0, attempts - 1));

/**
 * Applies stored inbox items: at once for the ones this process just stored,
 * and for the ones the sweeper hands over. Channel events are applied in
 * batches (one bulk write per collection whatever the batch size, so a burst
 * costs few round trips); commands one by one.
 *
 * An item is applied by one holder at a time: while it works, the holder
 * renews its lease (a stalled Slack call cannot let it lapse), and every write
 * that ends the item is fenced by its lease token, so a holder that lost the
 * item (it stalled past its lease and another replica took over) finishes
 * nothing. Applying is also idempotent: a second apply of an item writes the
 * same facts under the same keys and the same effects under the same ids.
 */
export class Applier implements ItemSink {
  private events: InboxItem<InboxPayload>[] = [];
  private readonly running = new Set<Promise<void>>();
  private flushing = false;
  /** Items being applied here, by id, with the lease they are held under. */
  private readonly holding = new Map<string, InboxItem>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ApplierDeps) {}

  submitStored(item: InboxItem): void {
    const read = readPayload(item.payload);
    if (read.ok) return this.submit({ ...item, payload: read.payload });
    // It will never fit: kept as failed for the record, never retried.
    withBindings(this.deps.log, inboxBindings(item.id)).error(`inbox: ${item.id} cannot be applied, its stored payload does not fit: ${read.problem}`);
    void this.deps.inbox.fail(item, `unreadable payload: ${read.problem}`, this.deps.leases.clock()).catch(() => undefined);
  }

  submit(it: InboxItem<InboxPayload>): void {
    const mine = this.holding.get(it.id);
    if (mine) {
      // Taken again while being applied here (a resubmission): the apply in progress carries on under the new lease.
      mine.lease = it.lease;
      return;
    }
    this.hold(it);
    if (it.payload.type === 'channel_event') {
      this.events.push(it);
      if (!this.flushing) this.track(this.flushEvents());
    } else {
      this.track(this.applyOne(it).finally(() => this.letGo([it])));
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

  private hold(item: InboxItem): void {
    this.holding.set(item.id, item);
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.deps.leases.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private letGo(items: InboxItem[]): void {
    for (const item of items) if (this.holding.get(item.id) === item) this.holding.delete(item.id);
    if (this.holding.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  /** Extends the leases of everything being applied here; an item another holder took is no longer ours. */
  private async renew(): Promise<void> {
    const items = [...this.holding.values()];
    const until = new Date(this.deps.leases.clock().getTime() + this.deps.leases.leaseMs);
    try {
      const still = await this.deps.inbox.renew(items, until);
      for (const item of items) {
        if (!still.has(item.id) && this.holding.get(item.id) === item) {
          withBindings(this.deps.log, inboxBindings(item.id)).warn(`inbox: ${item.id} was taken over by another replica while being applied here; its apply here will not finish it`);
          this.holding.delete(item.id);
        }
      }
    } catch (err) {
      // The database is unreachable: the writes that would end the item cannot land either.
      this.deps.log.warn('inbox: could not renew leases:', err instanceof Error ? err.message : err);
    }
  }

  /** Whether this process still holds the item (its lease was renewed, and nobody took it over). */
  private stillHeld(item: InboxItem): boolean {
    return this.holding.get(item.id) === item;
  }

  private async flushEvents(): Promise<void> {
    this.flushing = true;
    try {
      // Let the deliveries arriving in this tick join the batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.events.length > 0) {
        const batch = this.events.splice(0, BATCH);
        await this.applyEvents(batch)
          .catch((err: unknown) => {
            this.deps.observe?.failed('channel_event', false, batch.length);
            return this.giveBack(batch, err);
          })
          .finally(() => this.letGo(batch));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async applyEvents(batch: InboxItem<InboxPayload>[]): Promise<void> {
    const { inbox, useCases } = this.deps;
    const byId = new Map(batch.map((i) => [i.id, i]));
    const items = batch.flatMap((i) => (i.payload.type === 'channel_event' ? [{ id: i.id, event: i.payload.event }] : []));
    const channels = [...new Set(items.map((i) => i.event.channelId))];
    const incidents = new Map((await useCases.incidents.findByChannels(channels)).map((i) => [i.channelId, i]));
    const plan = planChannelEvents(items, (c) => incidents.get(c));
    // Activity is dated by when the events came, not by when they were applied.
    const latest = new Date(Math.max(...batch.map((i) => i.receivedAt.getTime())));
    const recordedAt = this.deps.leases.clock();
    await useCases.transcript.save(plan.messages, recordedAt);
    await useCases.transcript.saveKept(plan.elsewhere, recordedAt);
    await useCases.timeline.applyReactions(plan.reactions, recordedAt);
    await useCases.incidents.touch(plan.touched, latest);
    await this.deps.enqueue(plan.touched.map((incidentId) => ({ id: `summary:${incidentId}`, effect: { type: 'summary', incidentId } })));
    const mine = (ids: string[]) => ids.flatMap((id) => byId.get(id) ?? []).filter((i) => this.stillHeld(i));
    const done = mine(plan.done);
    const kept = [...groupBy(plan.held)].map(([incidentId, ids]) => [incidentId, mine(ids)] as const);
    // The writes below end the items: no renewal may race them (they are fenced by the lease all the same).
    this.letGo(batch);
    const at = this.deps.leases.clock();
    await inbox.markDone(done, at);
    for (const [incidentId, items] of kept) await inbox.hold(items, incidentId, at);
    this.deps.observe?.applied('channel_event', done.length);
    for (const incident of incidents.values()) {
      if (plan.touched.includes(incident.id)) withBindings(this.deps.log, { incident: incident.number, incidentId: incident.id }).debug?.('inbox: channel events applied');
    }
  }

  private async applyOne(item: InboxItem<InboxPayload>): Promise<void> {
    const { inbox, useCases } = this.deps;
    const p = item.payload;
    let effects: Effect[];
    try {
      if (p.type === 'declare_form') effects = requestDeclaration({ ...p.declaration, at: item.receivedAt });
      else if (p.type === 'home_opened') effects = await openHome(useCases, p.userId, item.receivedAt);
      else if (p.type === 'command') {
        const ctx = { channelId: p.channelId, userId: p.userId, key: item.id, order: item.order, replyTo: p.replyTo, now: item.receivedAt };
        effects = await applyCommand(useCases, ctx, p.command);
      } else if (p.type === 'added_message') {
        const ctx = { channelId: p.message.channelId, userId: p.userId, key: item.id, order: item.order, replyTo: p.replyTo, now: item.receivedAt };
        const { incidentId, message, category, note } = p;
        effects = await addMessageToTimeline(useCases, ctx, { incidentId, message, category, ...(note ? { note } : {}), ...(p.atSec !== undefined ? { at: new Date(p.atSec * 1000) } : {}) });
      } else throw new Error(`not a command: ${item.id}`);
    } catch (err) {
      if (!isAppError(err)) return this.retryOrGiveUp(item, err);
      effects = [{ type: 'reply', to: replyTargetOf(p), notice: { kind: 'error', message: err.details } }];
    }
    if (!this.stillHeld(item)) return; // the holder that took it over delivers the same effects
    this.letGo([item]); // what follows ends the item: no renewal may race it
    try {
      await this.deps.enqueue(effects.map((effect, i) => ({ id: `${item.id}:${i}`, effect })));
      await inbox.markDone([item], this.deps.leases.clock());
      this.deps.observe?.applied(p.type, 1);
      const incidentId = effects.flatMap((e) => (e.type === 'summary' ? [e.incidentId] : []))[0];
      withBindings(this.deps.log, { ...inboxBindings(item.id), ...(incidentId ? { incidentId } : {}) }).debug?.(`inbox: ${p.type} applied`);
    } catch (err) {
      this.deps.observe?.failed(p.type, false, 1);
      await this.giveBack([item], err);
    }
  }

  private async retryOrGiveUp(item: InboxItem<InboxPayload>, err: unknown): Promise<void> {
    const givenUp = item.attempts >= MAX_ATTEMPTS && this.stillHeld(item);
    this.deps.observe?.failed(item.payload.type, givenUp, 1);
    if (!givenUp) return this.giveBack([item], err);
    withBindings(this.deps.log, inboxBindings(item.id)).error(`inbox: giving up on ${item.id} after ${item.attempts} attempts:`, err);
    const p = item.payload;
    if (p.type === 'home_opened' || p.type === 'channel_event') return this.deps.inbox.fail(item, String(err), this.deps.leases.clock());
    const what = p.type === 'command' ? commandPurpose(p.command) : p.type === 'added_message' ? 'add the message to the timeline' : 'declare the incident';
    await this.deps.enqueue([{ id: `${item.id}:failed`, effect: { type: 'reply', to: replyTargetOf(p), notice: { kind: 'error', message: { kind: 'failed', what } } } }]);
    await this.deps.inbox.fail(item, String(err), this.deps.leases.clock());
  }

  /** The lease is shortened to a backoff: the sweeper tries the items again then. */
  private async giveBack(items: InboxItem[], err: unknown): Promise<void> {
    const [one] = items;
    const log = items.length === 1 && one ? withBindings(this.deps.log, inboxBindings(one.id)) : withBindings(this.deps.log, { items: items.length });
    log.warn(`inbox: ${items.length} item(s) not applied yet, will retry:`, err instanceof Error ? err.message : err);
    const now = this.deps.leases.clock().getTime();
    for (const item of items) {
      await this.deps.inbox.release(item, new Date(now + backoffMs(item.attempts)), String(err)).catch(() => undefined);
    }
  }
}

/** A stored `/incident …` command, applied by the use case it names. */
function applyCommand(deps: UseCaseDeps, ctx: CommandContext, c: StoredCommand): Promise<Effect[]> | Effect[] {
  switch (c.kind) {
    case 'start': {
      const declaration = { title: c.title ?? '', userId: ctx.userId, replyTo: ctx.replyTo, at: ctx.now, ...(c.severity ? { severity: c.severity } : {}), ...(c.private ? { private: true as const } : {}) };
      return c.here ? requestAdoption(deps, { ...declaration, adoptChannelId: ctx.channelId }) : requestDeclaration(declaration);
    }
    case 'note':
      return addNote(deps, ctx, c.time ? { text: c.text, time: c.time } : { text: c.text });
    case 'status':
      return changeStatus(deps, ctx, c.status);
    case 'severity':
      return changeSeverity(deps, ctx, c.severity);
    case 'role':
      return assignRole(deps, ctx, c.role, c.user);
    case 'impact':
    case 'rootcause':
      return recordStatement(deps, ctx, c.kind, c.text);
    case 'update':
      return postUpdate(deps, ctx, c.text);
    case 'actions':
      return listActions(deps, ctx);
    case 'action_done':
      return completeAction(deps, ctx, c.number);
    case 'action':
      return addAction(deps, ctx, c.owner ? { text: c.text, owner: c.owner } : { text: c.text });
    case 'started':
    case 'ended':
      return setImpactWindow(deps, ctx, c.kind, c.time);
    case 'reopen':
      return reopenIncident(deps, ctx);
    case 'list':
      return listIncidents(deps, ctx);
    case 'postmortem':
      return requestDraft(deps, ctx);
    case 'close':
      return closeIncident(deps, ctx, c.resolution);
  }
}

/** What a command is, in words for "I could not …". */
const commandPurpose = (c: StoredCommand): string =>
  c.kind === 'start' ? 'declare the incident' : c.kind === 'close' ? 'close the incident' : `run \`/incident ${c.kind}\``;

function groupBy(held: Array<{ id: string; incidentId: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of held) out.set(h.incidentId, [...(out.get(h.incidentId) ?? []), h.id]);
  return out;
}
