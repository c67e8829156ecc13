import type { Sequences } from '../usecases/ports/drafts';
import type { Models } from './connection';
import { isDuplicateKeyError } from './connection';

/** Named sequences (incident numbers, draft versions), advanced atomically with $inc. */
export function createCounters(counters: Models['counters']): Sequences {
  return {
    async next(name: string): Promise<number> {
      // Two first-ever upserts can race on the same _id; the loser simply tries again.
      for (let attempt = 0; ; attempt++) {
        try {
          const doc = await counters.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
          if (!doc) throw new Error(`counter ${name} was not returned`);
          return doc.seq;
        } catch (err) {
          if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
        }
      }
    },
  };
}
