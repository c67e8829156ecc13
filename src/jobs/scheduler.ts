import { insertOnce, type Models } from '../db/connection';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

const EPOCH = new Date(0);

/**
 * Runs each job on its own timer: one failing (or hanging) never holds up
 * another. Before a run a replica takes the job's lock document with a
 * conditional update (due, and not locked), so replicas never run one job at
 * the same time, and a crashed runner's lock simply runs out.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  /** Jobs whose lock document this process has made sure exists. */
  private readonly known = new Set<string>();

  constructor(
    private readonly deps: {
      locks: Models['jobLocks'];
      owner: string;
      now(): Date;
      log: { error(...a: unknown[]): void; debug(...a: unknown[]): void };
    },
  ) {}

  start(jobs: ScheduledJob[]): void {
    for (const job of jobs) {
      const timer = setInterval(() => this.tick(job), job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs the job now if no replica holds it; true if this call ran it. */
  async runOnce(job: ScheduledJob): Promise<boolean> {
    const { locks, owner } = this.deps;
    const now = this.deps.now();
    // The lock's lease outlives any sane run; a longer run is cut off by nobody, only no longer exclusive.
    const lease = Math.max(job.everyMs * 10, 5 * 60_000);
    if (!this.known.has(job.name)) {
      await insertOnce(() => locks.collection.insertOne({ _id: job.name as never, nextRunAt: now, lockedUntil: EPOCH }));
      this.known.add(job.name);
    }
    const taken = await locks
      .findOneAndUpdate(
        { _id: job.name, nextRunAt: { $lte: now }, lockedUntil: { $lte: now } },
        { $set: { lockedUntil: new Date(now.getTime() + lease), owner, nextRunAt: new Date(now.getTime() + job.everyMs) } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!taken) return false;
    let error: string | undefined;
    try {
      await job.run(now);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`job ${job.name} failed:`, err);
    }
    await locks.updateOne({ _id: job.name, owner }, { $set: { lockedUntil: EPOCH, ...(error ? { lastError: error } : {}) }, ...(error ? {} : { $unset: { lastError: 1 } }) });
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.running]);
  }

  private tick(job: ScheduledJob): void {
    if (this.stopped) return;
    const p = this.runOnce(job)
      .then(() => undefined)
      .catch((err: unknown) => this.deps.log.debug(`job ${job.name}: not run (${err instanceof Error ? err.message : String(err)})`))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }
}
