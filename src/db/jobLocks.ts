import type { JobLocks } from '../jobs/scheduler';
import { insertOnce, type Models } from './connection';

const EPOCH = new Date(0);

/** The scheduler's lock documents: one per job, taken with a conditional update. */
export function createJobLocks(locks: Models['jobLocks']): JobLocks {
  return {
    async ensure(name, now) {
      await insertOnce(() => locks.collection.insertOne({ _id: name as never, nextRunAt: now, lockedUntil: EPOCH }));
    },
    take: async (name, owner, now, lockedUntil, nextRunAt) =>
      (await locks
        .findOneAndUpdate(
          { _id: name, nextRunAt: { $lte: now }, lockedUntil: { $lte: now } },
          { $set: { lockedUntil, owner, nextRunAt } },
          { returnDocument: 'after' },
        )
        .lean()) !== null,
    async release(name, owner, error) {
      await locks.updateOne({ _id: name, owner }, { $set: { lockedUntil: EPOCH, ...(error ? { lastError: error } : {}) }, ...(error ? {} : { $unset: { lastError: 1 } }) });
    },
  };
}
