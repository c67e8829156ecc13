import type { Effect } from '../domain/effects';

/**
 * What the outbox needs from a database (src/db/outbox.ts implements it): effects to deliver, each
 * under a deterministic id, and leases on their deliveries. Every write about a job is fenced by the
 * token of the delivery's lease.
 */
export interface OutboxJob {
  id: string;
  effect: Effect;
  rev: number;
  /** Failed tries in a row, this one included: a success starts the count again. */
  attempts: number;
  /** The token of this delivery's lease. */
  lease: string;
}

export type HeldJob = Pick<OutboxJob, 'id' | 'lease'>;

export interface OutboxStore {
  /** Writes the effects of one outcome; a coalesced effect is one job per message. Returns the job ids. */
  enqueue(effects: Array<{ id: string; effect: Effect }>, now: Date): Promise<string[]>;
  /** Takes a due job under a new lease; null when it is not due, done, or leased by someone else. */
  claim(id: string, lease: { token: string; owner: string; until: Date }, now: Date): Promise<OutboxJob | null>;
  renew(jobs: readonly HeldJob[], until: Date): Promise<Set<string>>;
  due(now: Date, limit: number): Promise<string[]>;
  /** When a pending job can next be claimed. */
  nextDueOf(id: string): Promise<Date | undefined>;
  complete(job: OutboxJob, now: Date, nextAt: Date): Promise<void>;
  retry(job: OutboxJob, at: Date, error: string): Promise<void>;
  kill(job: OutboxJob, error: string, now: Date): Promise<void>;
  /** Saves a multi-step job's progress; false when another delivery took the job over. */
  saveEffect(job: OutboxJob, effect: Effect): Promise<boolean>;
  purgeDone(before: Date): Promise<number>;
  firstDueBy(by: Date): Promise<Date | undefined>;
  /** Jobs not yet delivered, and when the longest-waiting due one fell due (for /metrics): index-backed reads. */
  depth(now: Date): Promise<{ pending: number; oldestDueAt?: Date }>;
}
