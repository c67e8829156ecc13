export interface ScheduledJob {
  name: string;
  everyMs: number;
  /** Also run once as the scheduler starts (when no replica ran it within `everyMs`), not only after the first interval. */
  runAtStart?: boolean;
  run(now: Date): Promise<unknown>;
}

/** The lock documents the scheduler takes (src/db/jobLocks.ts implements them), shared by replicas. */
export interface JobLocks {
  /** Makes sure the job's lock document exists. */
  ensure(name: string, now: Date): Promise<void>;
  /** Takes the job if it is due and not locked; true if taken. */
  take(name: string, owner: string, now: Date, lockedUntil: Date, nextRunAt: Date): Promise<boolean>;
  /** Lets go of the job, noting how its run ended. */
  release(name: string, owner: string, error?: string): Promise<void>;
}

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
  private started = false;
  /** Jobs whose lock document this process has made sure exists. */
  private readonly known = new Set<string>();

  constructor(
    private readonly deps: {
      locks: JobLocks;
      owner: string;
      now(): Date;
      log: { error(...a: unknown[]): void; debug(...a: unknown[]): void };
    },
  ) {}

  start(jobs: ScheduledJob[]): void {
    this.started = true;
    for (const job of jobs) {
      const timer = setInterval(() => this.tick(job), job.everyMs);
      timer.unref();
      this.timers.push(timer);
      if (job.runAtStart) this.tick(job);
    }
  }

  /** Runs the job now if no replica holds it; true if this call ran it. */
  async runOnce(job: ScheduledJob): Promise<boolean> {
    const { locks, owner } = this.deps;
    const now = this.deps.now();
    // The lock's lease outlives any sane run; a longer run is cut off by nobody, only no longer exclusive.
    const lease = Math.max(job.everyMs * 10, 5 * 60_000);
    if (!this.known.has(job.name)) {
      await locks.ensure(job.name, now);
      this.known.add(job.name);
    }
    if (!(await locks.take(job.name, owner, now, new Date(now.getTime() + lease), new Date(now.getTime() + job.everyMs)))) return false;
    let error: string | undefined;
    try {
      await job.run(now);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`job ${job.name} failed:`, err);
    }
    await locks.release(job.name, owner, error);
    return true;
  }

  /** Started and not stopped: its jobs run on their timers (readiness). */
  get isRunning(): boolean {
    return this.started && !this.stopped;
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
