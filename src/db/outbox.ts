import { coalescedKey, type Effect } from '../domain/effects';
import type { HeldJob, OutboxJob, OutboxStore } from '../outbox/store';
import { type Models } from './connection';

interface JobDocument {
  _id: string;
  effect: Effect;
  rev?: number | null;
  attempts?: number | null;
  lease?: string | null;
}

const EPOCH = new Date(0);
const toJob = (d: JobDocument): OutboxJob => ({ id: d._id, effect: reviveDates(d.effect), rev: d.rev ?? 0, attempts: d.attempts ?? 0, lease: d.lease ?? '' });
/** The job, still held under this delivery's lease. */
const mine = (job: HeldJob) => ({ _id: job.id as never, lease: job.lease });

/** Effects carry dates (a draft's time); stored as BSON dates they come back as dates, but be sure. */
function reviveDates(effect: Effect): Effect {
  if (effect.type === 'draft') return { ...effect, at: new Date(effect.at) };
  if (effect.type === 'declare') {
    const { creating } = effect;
    return { ...effect, declaration: { ...effect.declaration, at: new Date(effect.declaration.at) }, ...(creating ? { creating: { ...creating, since: new Date(creating.since) } } : {}) };
  }
  return effect;
}

/** The outbox: Slack effects to deliver, each written once with the facts it follows from. */
export function createOutbox(outbox: Models['outbox']): OutboxStore {
  const raw = outbox.collection;
  return {
    /**
     * Writes the effects of one outcome in one round trip, each under a
     * deterministic id. A coalesced effect (the summary) is one job per message:
     * each write counts one more change for it to show.
     */
    async enqueue(effects: Array<{ id: string; effect: Effect }>, now: Date): Promise<string[]> {
      if (effects.length === 0) return [];
      const ids: string[] = [];
      const ops = effects.map(({ id, effect }) => {
        const coalesced = coalescedKey(effect);
        ids.push(coalesced ?? id);
        return coalesced
          ? {
              updateOne: {
                filter: { _id: coalesced as never },
                update: { $set: { effect, state: 'pending' }, $inc: { rev: 1 }, $setOnInsert: { dueAt: now, leaseUntil: EPOCH, attempts: 0 } },
                upsert: true,
              },
            }
          : {
              updateOne: {
                filter: { _id: id as never },
                update: { $setOnInsert: { effect, state: 'pending', dueAt: now, leaseUntil: EPOCH, rev: 1, attempts: 0 } },
                upsert: true,
              },
            };
      });
      await raw.bulkWrite(ops, { ordered: false });
      return [...new Set(ids)];
    },
    /** Takes a due job under a new lease; null when it is not due, done, or leased by someone else. */
    async claim(id: string, lease: { token: string; owner: string; until: Date }, now: Date): Promise<OutboxJob | null> {
      const d = await outbox
        .findOneAndUpdate(
          { _id: id, state: 'pending', dueAt: { $lte: now }, leaseUntil: { $lte: now } },
          { $set: { leaseUntil: lease.until, lease: lease.token, owner: lease.owner }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean<JobDocument>();
      return d && toJob(d);
    },
    /** Extends the leases of jobs still held; returns the ids that are. */
    async renew(jobs: readonly HeldJob[], until: Date): Promise<Set<string>> {
      if (jobs.length === 0) return new Set();
      const filter = { _id: { $in: jobs.map((j) => j.id) as never[] }, lease: { $in: [...new Set(jobs.map((j) => j.lease))] }, state: 'pending' as const };
      const res = await raw.updateMany(filter, { $set: { leaseUntil: until } });
      if (res.matchedCount === jobs.length) return new Set(jobs.map((j) => j.id));
      return new Set((await outbox.find(filter, { _id: 1 }).lean()).map((d) => String(d._id)));
    },
    /** Ids of jobs due now and not leased, oldest first. */
    due: async (now: Date, limit: number) =>
      (await outbox.find({ state: 'pending', dueAt: { $lte: now }, leaseUntil: { $lte: now } }, { _id: 1 }).sort({ dueAt: 1 }).limit(limit).lean()).map(
        (d) => String(d._id),
      ),
    /** When a pending job can next be claimed (its due time, or the end of someone's lease). */
    async nextDueOf(id: string): Promise<Date | undefined> {
      const d = await outbox.findOne({ _id: id, state: 'pending' }, { dueAt: 1, leaseUntil: 1 }).lean();
      if (!d) return undefined;
      return d.dueAt > d.leaseUntil ? d.dueAt : d.leaseUntil;
    },
    /**
     * Delivered. A coalesced job stays pending if changes arrived meanwhile, due
     * again no sooner than `nextAt` (so one message is not edited too often).
     */
    async complete(job: OutboxJob, now: Date, nextAt: Date): Promise<void> {
      // A success ends the failure streak: a job edited hundreds of times is never given up for old failures.
      const done = await raw.updateOne(
        { ...mine(job), rev: job.rev },
        { $set: { state: 'done', doneAt: now, dueAt: nextAt, leaseUntil: EPOCH, attempts: 0 }, $unset: { lastError: 1 } },
      );
      if (done.matchedCount === 0) await raw.updateOne(mine(job), { $set: { dueAt: nextAt, leaseUntil: EPOCH, attempts: 0 }, $unset: { lastError: 1 } });
    },
    async retry(job: OutboxJob, at: Date, error: string): Promise<void> {
      await raw.updateOne(mine(job), { $set: { dueAt: at, leaseUntil: EPOCH, lastError: error } });
    },
    /** A job that can never succeed (e.g. its channel was archived): kept for the record, never retried. */
    async kill(job: OutboxJob, error: string, now: Date): Promise<void> {
      await raw.updateOne({ ...mine(job), rev: job.rev }, { $set: { state: 'dead', lastError: error, doneAt: now, leaseUntil: EPOCH } });
    },
    /**
     * Saves progress of a job made of several steps (a declaration's number and channel), while its
     * lease is still this delivery's; false when another delivery took the job over.
     */
    async saveEffect(job: OutboxJob, effect: Effect): Promise<boolean> {
      return (await raw.updateOne(mine(job), { $set: { effect } })).matchedCount === 1;
    },
    purgeDone: async (before: Date) => (await raw.deleteMany({ state: { $in: ['done', 'dead'] }, doneAt: { $lt: before } })).deletedCount,
    /** The earliest time a pending job falls due, if one does by `by`. */
    firstDueBy: async (by: Date) => (await outbox.findOne({ state: 'pending', dueAt: { $lte: by } }, { dueAt: 1 }).sort({ dueAt: 1 }).lean())?.dueAt,
    /** Both from the (state, dueAt) index. */
    async depth(now: Date): Promise<{ pending: number; oldestDueAt?: Date }> {
      const [pending, oldest] = await Promise.all([
        outbox.countDocuments({ state: 'pending' }),
        outbox.findOne({ state: 'pending', dueAt: { $lte: now } }, { dueAt: 1 }).sort({ dueAt: 1 }).lean(),
      ]);
      return { pending, ...(oldest ? { oldestDueAt: oldest.dueAt } : {}) };
    },
  };
}
