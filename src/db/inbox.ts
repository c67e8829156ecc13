import { Types } from 'mongoose';
import { insertOnce, type Models } from './connection';

export interface InboxItem<P = unknown> {
  id: string;
  payload: P;
  receivedAt: Date;
  attempts: number;
}

interface ItemDocument {
  _id: string;
  payload: unknown;
  receivedAt: Date;
  attempts?: number | null;
}

const toItem = (d: ItemDocument): InboxItem => ({ id: d._id, payload: d.payload, receivedAt: d.receivedAt, attempts: d.attempts ?? 0 });

/** The inbox: Slack requests as they were accepted, and who is applying them. */
export function createInbox(inbox: Models['inbox']) {
  const raw = inbox.collection;
  return {
    /**
     * The one write on the ack path: the item, already leased to this replica so it
     * can apply it at once. False when the id is stored already (a redelivery).
     */
    store: (item: { id: string; payload: unknown }, at: Date, leaseUntil: Date, owner: string, timeoutMs: number) =>
      insertOnce(() =>
        raw.insertOne(
          { _id: item.id as never, payload: item.payload, state: 'pending', receivedAt: at, leaseUntil, owner, attempts: 1 },
          { timeoutMS: timeoutMs },
        ),
      ),
    /**
     * One statement for the whole batch, an index lookup by _id on any backend (the embedded
     * FerretDB pushes `_id: {$in}` of up to 1000 strings into SQL, see scripts/ferretdb/patches).
     */
    async markDone(ids: string[]): Promise<void> {
      if (ids.length > 0) await raw.updateMany({ _id: { $in: ids as never[] } }, { $set: { state: 'done' } });
    },
    /** Items of a closed incident: kept, and applied when it is reopened. */
    async hold(ids: string[], incidentId: string): Promise<void> {
      if (ids.length > 0) await raw.updateMany({ _id: { $in: ids as never[] } }, { $set: { state: 'held', incidentId: new Types.ObjectId(incidentId) } });
    },
    /** Gives an item back after a failure; the sweeper tries it again from `retryAt`. */
    async release(id: string, retryAt: Date, error: string): Promise<void> {
      await raw.updateOne({ _id: id as never, state: 'pending' }, { $set: { leaseUntil: retryAt, error } });
    },
    async fail(id: string, error: string): Promise<void> {
      await raw.updateOne({ _id: id as never }, { $set: { state: 'failed', error } });
    },
    /** Items whose lease ran out (their applier crashed or failed), each taken by one replica only. */
    async claimExpired(now: Date, owner: string, leaseMs: number, limit: number): Promise<InboxItem[]> {
      const candidates = await inbox.find({ state: 'pending', leaseUntil: { $lte: now } }, { _id: 1 }).limit(limit).lean();
      const claimed: InboxItem[] = [];
      for (const c of candidates) {
        const d = await inbox
          .findOneAndUpdate(
            { _id: c._id, state: 'pending', leaseUntil: { $lte: now } },
            { $set: { leaseUntil: new Date(now.getTime() + leaseMs), owner }, $inc: { attempts: 1 } },
            { returnDocument: 'after' },
          )
          .lean<ItemDocument>();
        if (d) claimed.push(toItem(d));
      }
      return claimed;
    },
    /** Puts a reopened incident's held items back in line; the sweeper applies them. */
    async releaseHeld(incidentId: string, now: Date): Promise<number> {
      const res = await raw.updateMany({ incidentId: new Types.ObjectId(incidentId), state: 'held' }, { $set: { state: 'pending', leaseUntil: now } });
      return res.modifiedCount;
    },
    /** Applied items are kept long enough to recognise Slack's last retry (minutes), then dropped. */
    // By the lease (machine time), not by receivedAt (the incidents' clock, which tests may set anywhere).
    purgeDone: async (before: Date) => (await raw.deleteMany({ state: 'done', leaseUntil: { $lt: before } })).deletedCount,
  };
}
export type Inbox = ReturnType<typeof createInbox>;
