import { coalescedKey, type Effect, type Outcome, type SlackEffect } from '../domain/effects';
import { runDeclaration, type DeclarationDeps } from '../usecases/declareIncident';
import { runDraft, type DraftDeps } from '../usecases/draftPostmortem';
import { inboxBindings, withBindings, type Bindable, type LogBindings } from '../logContext';
import type { OutboxJob, OutboxStore } from './store';

/** A failure worth retrying, and when Slack said to (429 Retry-After). */
export interface Transient {
  transient: true;
  retryAfterMs?: number;
  message: string;
}

export interface OutboxRunnerDeps {
  outbox: OutboxStore;
  /** Delivers a Slack effect (the Slack adapter). */
  deliver(job: OutboxJob & { effect: SlackEffect }): Promise<Outcome>;
  /** What the jobs (declaring, drafting) are run with: they are use cases. */
  jobs: DeclarationDeps & DraftDeps;
  /** The incident clock: when a job's facts happened, as recorded. */
  incidentClock(): Date;
  /** Whether an error is worth retrying (and after how long Slack asked to wait). */
  classify(err: unknown): Transient | { transient: false; message: string };
  /** The database's time (see db/databaseClock.ts). */
  now(): Date;
  owner: string;
  /** A token for one delivery's lease, never used again. */
  token(): string;
  /** The least time between two deliveries of one coalesced job (edits of one message). */
  coalesceMs: number;
  /** How long a delivery's lease lasts unless renewed (default a minute). */
  leaseMs?: number;
  log: Bindable<{ error(...a: unknown[]): void; warn(...a: unknown[]): void; info(...a: unknown[]): void }>;
  /** Runs a draft job, timing it (the metrics); optional. */
  timeDraft?<T>(run: () => Promise<T>): Promise<T>;
}

const LEASE_MS = 60_000;
const CONCURRENCY = 8;
/** A job failing this many times in a row (about a day of backoff) is dead; it is kept for the record. */
const GIVE_UP_AFTER = 40;
const backoffMs = (attempts: number) => Math.min(5 * 60_000, 1000 * 2 ** Math.max(0, attempts - 1)) * (0.75 + Math.random() / 2);

/**
 * Delivers the outbox: jobs are started at once when written, again when a
 * retry falls due (a timer in this process), and by `poll` (the sweeper job)
 * for anything a crash or another replica left. Each delivery holds a lease,
 * renewed while it works (a long draft outlives any fixed lease) and fencing
 * every write about the job, so replicas never deliver one job at the same
 * time; a transient failure is rescheduled (Retry-After honoured, else
 * exponential backoff), a permanent one ends the job and nothing else.
 */
export class OutboxRunner {
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** Jobs being delivered here, with their leases (renewed while they are). */
  private readonly holding = new Map<string, OutboxJob>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;

  private readonly leaseMs: number;

  constructor(private readonly deps: OutboxRunnerDeps) {
    this.leaseMs = deps.leaseMs ?? LEASE_MS;
  }

  async enqueue(effects: Array<{ id: string; effect: Effect }>, now: Date): Promise<void> {
    this.start(await this.deps.outbox.enqueue(effects, now));
  }

  /** Starts delivering these jobs (those due and free; others are left to their time). */
  start(ids: string[]): void {
    for (const id of ids) {
      if (this.stopped) return;
      if (this.active.has(id) || this.queued.has(id)) {
        this.again.add(id); // written again while being delivered: look once more when done
        continue;
      }
      this.queued.add(id);
    }
    this.pump();
  }

  async poll(limit = 200): Promise<number> {
    const ids = await this.deps.outbox.due(this.deps.now(), limit);
    this.start(ids);
    return ids.length;
  }

  /** Waits for deliveries in flight (not for retries scheduled later). */
  async drain(): Promise<void> {
    while (this.running.size > 0 || this.queued.size > 0) {
      if (this.running.size === 0) this.pump();
      await Promise.allSettled([...this.running]);
    }
  }

  get busy(): boolean {
    return this.running.size > 0 || this.queued.size > 0;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.queued.clear();
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.queued.size > 0) {
      const id = this.queued.values().next().value as string;
      this.queued.delete(id);
      this.active.add(id);
      const p = this.run(id)
        .catch((err: unknown) => this.deps.log.error(`outbox: ${id} failed unexpectedly:`, err))
        .finally(() => {
          this.active.delete(id);
          this.running.delete(p);
          if (this.again.delete(id)) this.queued.add(id);
          this.pump();
        });
      this.running.add(p);
    }
  }

  private async run(id: string): Promise<void> {
    const { outbox } = this.deps;
    const now = this.deps.now();
    const job = await outbox.claim(id, { token: this.deps.token(), owner: this.deps.owner, until: new Date(now.getTime() + this.leaseMs) }, now);
    if (!job) return this.remindLater(id);
    this.hold(job);
    try {
      await this.deliver(job);
    } finally {
      this.holding.delete(job.id);
      if (this.holding.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    }
  }

  private hold(job: OutboxJob): void {
    this.holding.set(job.id, job);
    if (this.heartbeat || this.stopped) return;
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private async renew(): Promise<void> {
    const jobs = [...this.holding.values()];
    try {
      const still = await this.deps.outbox.renew(jobs, new Date(this.deps.now().getTime() + this.leaseMs));
      for (const job of jobs) if (!still.has(job.id)) withBindings(this.deps.log, jobBindings(job)).warn(`outbox: ${describe(job)} was taken over by another replica while being delivered here`);
    } catch (err) {
      this.deps.log.warn('outbox: could not renew leases:', err instanceof Error ? err.message : err);
    }
  }

  private async deliver(job: OutboxJob): Promise<void> {
    const { outbox } = this.deps;
    const id = job.id;
    const log = withBindings(this.deps.log, jobBindings(job));
    let result: Outcome;
    try {
      result = await this.perform(job);
    } catch (err) {
      const c = this.deps.classify(err);
      if (!c.transient || job.attempts >= GIVE_UP_AFTER) {
        log.error(`outbox: ${describe(job)} failed for good: ${c.message}`);
        return outbox.kill(job, c.message, this.deps.now());
      }
      const at = new Date(this.deps.now().getTime() + (c.retryAfterMs ?? backoffMs(job.attempts)));
      log.warn(`outbox: ${describe(job)} failed (${c.message}); retrying at ${at.toISOString()}`);
      await outbox.retry(job, at, c.message);
      return this.wakeAt(id, at);
    }
    if (result.followUps?.length) await this.enqueue(result.followUps.map((effect, i) => ({ id: `${job.id}:${i}`, effect })), this.deps.now());
    if (result.dead) {
      log.warn(`outbox: ${describe(job)} skipped: ${result.dead}`);
      return outbox.kill(job, result.dead, this.deps.now());
    }
    const done = this.deps.now();
    const next = new Date(done.getTime() + (coalescedKey(job.effect) ? this.deps.coalesceMs : 0));
    await outbox.complete(job, done, next);
    if (next > done) this.wakeAt(id, next);
  }

  /** A job is a use case, run here; a Slack effect goes to the Slack adapter. */
  private perform(job: OutboxJob): Promise<Outcome> {
    const { effect } = job;
    if (effect.type === 'declare') {
      const save = (progress: typeof effect) => this.deps.outbox.saveEffect(job, progress);
      return runDeclaration(this.deps.jobs, { id: job.id, effect }, save, this.deps.incidentClock());
    }
    if (effect.type === 'draft') {
      const run = () => runDraft(this.deps.jobs, { id: job.id, effect }, this.deps.incidentClock());
      return this.deps.timeDraft ? this.deps.timeDraft(run) : run();
    }
    return this.deps.deliver({ ...job, effect });
  }

  /** A job not claimable now may be waiting for its time: look at it again then. */
  private async remindLater(id: string): Promise<void> {
    const due = await this.deps.outbox.nextDueOf(id);
    if (due) this.wakeAt(id, due);
  }

  private wakeAt(id: string, at: Date): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.start([id]);
    }, Math.max(0, at.getTime() - this.deps.now().getTime()) + 5);
    timer.unref();
    this.timers.set(id, timer);
  }
}

const describe = (job: OutboxJob) => `${job.effect.type} (${job.id})`;

/** A job's log fields: the job, its incident where the effect names it, the inbox item it came from. */
function jobBindings(job: OutboxJob): LogBindings {
  const e = job.effect;
  const incidentId = 'incidentId' in e ? e.incidentId : undefined;
  const number = e.type === 'topic' || e.type === 'declare' ? e.number : undefined;
  const fromItem = /^(?:evt|cmd|view):/.test(job.id) ? inboxBindings(job.id.replace(/:\d+$/, '')) : {};
  return { job: job.id, ...fromItem, ...(incidentId ? { incidentId } : {}), ...(number !== undefined ? { incident: number } : {}) };
}
