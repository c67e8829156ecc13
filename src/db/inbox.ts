import { Types } from 'mongoose';
import type { Held, InboxItem, InboxStore, Lease } from '../inbox/store';
import { insertOnce, type Models } from './connection';

interface ItemDocument {
  _id: string;
  payload: unknown;
  receivedAt: Date;
  order?: number | null;
  attempts?: number | null;
  lease?: string | null;
}

const toItem = (d: ItemDocument): InboxItem => ({
  id: d._id,
  payload: d.payload,
  receivedAt: d.receivedAt,
  order: d.order ?? d.receivedAt.getTime() * 1000,
  attempts: d.attempts ?? 0,
  lease: d.lease ?? '',
});

/** Items an applier holds, as `{_id, lease}` pairs folded into one indexed filter. */
const held = (items: readonly Held[]) => ({
  _id: { $in: items.map((i) => i.id) as never[] },
  lease: { $in: [...new Set(items.map((i) => i.lease))] },
});

/**
 * The inbox: Slack requests as they were accepted, and who is applying them.
 * Every take of an item (the store on the ack path, a sweeper's claim, a
 * resubmission) gets a new lease token; every later write about the item is
 * fenced by it, so an applier that lost its lease (it stalled past it and
 * another replica took over) changes nothing any more.
 */
export function createInbox(inbox: Models['inbox']): InboxStore {
  const raw = inbox.collection;
  return {
    /**
     * The one write on the ack path: the item, already leased to this replica so it
     * can apply it at once. False when the id is stored already (a redelivery).
     */
    store: (
      item: { id: string; payload: unknown; order: number },
      at: Date,
      lease: Lease,
      timeoutMs: number,
    ) =>
      insertOnce(() =>
        raw.insertOne(
          {
            _id: item.id as never,
            payload: item.payload,
            state: 'pending',
            receivedAt: at,
            order: item.order,
            leaseUntil: lease.until,
            lease: lease.token,
            owner: lease.owner,
            attempts: 1,
          },
          { timeoutMS: timeoutMs },
        ),
      ),
    /**
     * The same request sent again after its sender heard "not recorded": the stored item, if it was
     * refused (or is still pending, its refusal not yet written), is taken over by this replica to be
     * applied after all. Null when it was applied already (then the resubmission is a plain duplicate).
     */
    async resubmit(id: string, lease: Lease): Promise<InboxItem | null> {
      const d = await inbox
        .findOneAndUpdate(
          { _id: id, $or: [{ state: 'failed', refused: true }, { state: 'pending' }] },
          { $set: { state: 'pending', lease: lease.token, owner: lease.owner, leaseUntil: lease.until }, $unset: { refused: 1, error: 1 }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean<ItemDocument>();
      return d && toItem(d);
    },
    /** Extends the lease of items still held; returns the ids that are (the others were taken over). */
    async renew(items: readonly Held[], until: Date): Promise<Set<string>> {
      if (items.length === 0) return new Set();
      const res = await raw.updateMany({ ...held(items), state: 'pending' }, { $set: { leaseUntil: until } });
      if (res.matchedCount === items.length) return new Set(items.map((i) => i.id));
      const still = await inbox.find({ ...held(items), state: 'pending' }, { _id: 1 }).lean();
      return new Set(still.map((d) => String(d._id)));
    },
    /**
     * One statement for the whole batch, an index lookup by _id on any backend (the embedded
     * FerretDB pushes `_id: {$in}` of up to 1000 strings into SQL, see scripts/ferretdb/patches).
     */
    async markDone(items: readonly Held[], at: Date): Promise<void> {
      if (items.length > 0) await raw.updateMany(held(items), { $set: { state: 'done', doneAt: at } });
    },
    /** Items of a closed incident: kept, and applied when it is reopened. */
    async hold(items: readonly Held[], incidentId: string, at: Date): Promise<void> {
      if (items.length > 0) await raw.updateMany(held(items), { $set: { state: 'held', heldAt: at, incidentId: new Types.ObjectId(incidentId) } });
    },
    /** Gives an item back after a failure; the sweeper tries it again from `retryAt`. */
    async release(item: Held, retryAt: Date, error: string): Promise<void> {
      await raw.updateOne({ _id: item.id as never, lease: item.lease, state: 'pending' }, { $set: { leaseUntil: retryAt, error } });
    },
    /** Given up: kept (without its payload after the retention window) for the record. */
    async fail(item: Held, error: string, at: Date): Promise<void> {
      await raw.updateOne({ _id: item.id as never, lease: item.lease }, { $set: { state: 'failed', error, doneAt: at } });
    },
    /**
     * Its sender was told "not recorded": never to be applied, unless sent again (`resubmit`).
     * False when the item is no longer held under this lease (a resubmission took it over).
     */
    async refuse(item: Held, at: Date): Promise<boolean> {
      const res = await raw.updateOne(
        { _id: item.id as never, lease: item.lease, state: 'pending' },
        { $set: { state: 'failed', refused: true, error: 'stored too late: the caller was told it was not', doneAt: at } },
      );
      return res.modifiedCount === 1;
    },
    /** Items whose lease ran out (their applier crashed or failed), each taken by one replica only. */
    async claimExpired(now: Date, lease: Lease, limit: number): Promise<InboxItem[]> {
      const candidates = await inbox.find({ state: 'pending', leaseUntil: { $lte: now } }, { _id: 1 }).limit(limit).lean();
      const claimed: InboxItem[] = [];
      for (const c of candidates) {
        const d = await inbox
          .findOneAndUpdate(
            { _id: c._id, state: 'pending', leaseUntil: { $lte: now } },
            { $set: { leaseUntil: lease.until, lease: lease.token, owner: lease.owner }, $inc: { attempts: 1 } },
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
    /**
     * Retention, by database time (the lease clock), never by receivedAt (the incidents' clock).
     * Applied items are kept long enough to recognise Slack's last retry; failed ones a while for
     * the record; held ones (events of a closed incident) for a window in which it may be reopened.
     * Pending items are never purged: they are work still to do.
     */
    async purge(limits: { doneBefore: Date; failedBefore: Date; heldBefore: Date }): Promise<number> {
      // One statement per state, each an index search on (state, time).
      const counts = await Promise.all([
        raw.deleteMany({ state: 'done', leaseUntil: { $lt: limits.doneBefore } }),
        raw.deleteMany({ state: 'failed', leaseUntil: { $lt: limits.failedBefore } }),
        raw.deleteMany({ state: 'held', heldAt: { $lt: limits.heldBefore } }),
      ]);
      return counts.reduce((n, r) => n + r.deletedCount, 0);
    },
    /**
     * Pending items are found by the (state, leaseUntil) index; they are only the work in flight, so
     * sorting them by receipt is cheap whatever the history (held and done items are other states).
     */
    async depth(): Promise<{ pending: number; oldestPendingAt?: Date }> {
      const [pending, oldest] = await Promise.all([
        inbox.countDocuments({ state: 'pending' }),
        inbox.findOne({ state: 'pending' }, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean(),
      ]);
      return { pending, ...(oldest ? { oldestPendingAt: oldest.receivedAt } : {}) };
    },
  };
}
