import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';
import { onDatabases } from '../support/databaseGate';

// The bot's hot writes are conditional point writes: {_id, rev: {$lt: r}} (last writer wins),
// {_id, state: 'pending', dueAt: {$lte: now}} (lease claims). FerretDB 1.24 on SQLite looks a document up
// by _id in SQL only when _id is the filter's only key; with any other key it read and decoded the whole
// collection. The embedded build patches it (scripts/ferretdb/patches/pushdown-filters.patch) to look up
// by _id whenever the filter has a top-level string or ObjectId _id, and still applies the whole filter
// to what it reads.
//
// The first block checks the results stay exactly MongoDB's, on whatever database the tests run against;
// the second that the embedded database now plans such filters as an index search (see idLookups.test.ts
// for how FerretDB's explain reports SQLite's plan).

const embedded = onDatabases(['ferretdb'], "it reads the embedded build's SQLite plans");

const usesIndex = (step: string) => /\bSEARCH \S+ USING (COVERING )?INDEX\b/.test(step);

interface Doc {
  _id: string | Types.ObjectId | number;
  rev?: string;
  state?: string;
  dueAt?: Date;
  x?: number;
  n?: { f: number };
}

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase('idpushdown');
});

afterAll(() => dropTestDatabase(db));

function collection(name: string) {
  const native = db.connection.db;
  if (!native) throw new Error('database connection not open');
  return native.collection<Doc>(name);
}

describe('filters with an _id and other conditions', () => {
  const oid = new Types.ObjectId();
  const past = new Date(Date.now() - 60_000);
  const c = () => collection('conditional');

  beforeAll(async () => {
    await c().insertMany([
      { _id: 'a', rev: 'r5', state: 'claimed', x: 1, n: { f: 1 } },
      { _id: 'b', rev: 'r1', state: 'pending', dueAt: past },
      { _id: oid, rev: 'r3', state: 'pending', dueAt: past },
      { _id: 7, rev: 'r7' },
      ...Array.from({ length: 20 }, (_, i) => ({ _id: `other${i}`, rev: 'r0', state: 'pending', dueAt: past })),
    ]);
  });

  test('find returns the document only when every condition holds', async () => {
    expect(await c().find({ _id: 'a', rev: { $lt: 'r0' } }).toArray()).toEqual([]);
    expect(await c().find({ _id: 'a', rev: { $lt: 'r9' } }).toArray()).toHaveLength(1);
    expect(await c().find({ _id: 'a', $or: [{ x: 2 }, { state: 'pending' }] }).toArray()).toEqual([]);
    expect(await c().find({ _id: 'a', $or: [{ x: 1 }, { state: 'pending' }] }).toArray()).toHaveLength(1);
    expect(await c().find({ _id: 'a', 'n.f': 2 }).toArray()).toEqual([]);
    expect(await c().find({ _id: 'a', 'n.f': 1 }).toArray()).toHaveLength(1);
    expect(await c().countDocuments({ _id: 'a', rev: 'r6' })).toBe(0);
    expect(await c().countDocuments({ _id: 'a', rev: 'r5' })).toBe(1);
    expect(await c().aggregate([{ $match: { _id: 'a', rev: 'r6' } }]).toArray()).toEqual([]);
    expect(await c().find({ _id: 7, rev: 'r7' }).toArray()).toEqual([{ _id: 7, rev: 'r7' }]);
  });

  test('an update whose extra condition fails changes nothing, and its upsert is a duplicate key', async () => {
    const miss = await c().updateOne({ _id: 'a', rev: { $lt: 'r2' } }, { $set: { rev: 'r2' } });
    expect(miss).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
    expect((await c().findOne({ _id: 'a' }))?.rev).toBe('r5');
    await expect(c().updateOne({ _id: 'a', rev: { $lt: 'r2' } }, { $set: { rev: 'r2' } }, { upsert: true })).rejects.toMatchObject({
      code: 11000,
    });
    expect((await c().findOne({ _id: 'a' }))?.rev).toBe('r5');

    const hit = await c().updateOne({ _id: 'a', rev: { $lt: 'r6' } }, { $set: { rev: 'r6' } });
    expect(hit).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const created = await c().updateOne({ _id: 'fresh', rev: { $lt: 'r1' } }, { $set: { rev: 'r1' } }, { upsert: true });
    expect(created).toMatchObject({ upsertedCount: 1, upsertedId: 'fresh' });
  });

  test('a lease claim takes a pending document once, by string or ObjectId', async () => {
    const now = new Date();
    for (const id of ['b', oid]) {
      const claim = () => c().findOneAndUpdate({ _id: id, state: 'pending', dueAt: { $lte: now } }, { $set: { state: 'claimed' } }, { returnDocument: 'after' });
      expect(await claim()).toMatchObject({ _id: id, state: 'claimed' });
      expect(await claim()).toBeNull();
    }
    await expect(
      c().findOneAndUpdate({ _id: 'b', state: 'pending' }, { $set: { state: 'claimed' } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000 });
  });

  test('deletes honour the extra condition; $in on _id is unaffected', async () => {
    expect(await c().deleteOne({ _id: 'other1', state: 'claimed' })).toMatchObject({ deletedCount: 0 });
    expect(await c().deleteOne({ _id: 'other1', state: 'pending' })).toMatchObject({ deletedCount: 1 });
    const found = await c().find({ _id: { $in: ['other2', 'other3', 'missing'] }, rev: 'r0' }, { sort: { _id: 1 } }).toArray();
    expect(found.map((d) => d._id)).toEqual(['other2', 'other3']);
  });
});

embedded.describe('the embedded database looks such filters up by _id', () => {
  /** The SQLite plan and pushdown flag FerretDB reports for a find with this filter. */
  async function explain(name: string, filter: Record<string, unknown>) {
    const native = db.connection.db;
    if (!native) throw new Error('database connection not open');
    let result = { pushdown: false, plan: [] as string[] };
    // As in idLookups.test.ts: an explain may be planned before its pooled connection sees the _id index.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await native.collection(name).findOne(filter);
      const res = await native.command({ explain: { find: name, filter } });
      result = { pushdown: res.filterPushdown as boolean, plan: (res.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [] };
      if (result.plan.some(usesIndex)) break;
    }
    return result;
  }

  test('an _id with other conditions is an index search', async () => {
    const c = collection('planned');
    const oid = new Types.ObjectId();
    await c.insertMany([{ _id: 'k', rev: 'r1', state: 'pending', dueAt: new Date() }, { _id: oid, rev: 'r1' }]);
    const filters = [
      { _id: 'k', rev: { $lt: 'r2' } },
      { _id: 'k', $or: [{ state: 'pending' }, { rev: 'r0' }] },
      { _id: 'k', state: 'pending', dueAt: { $lte: new Date() } },
      { _id: oid, rev: 'r1' },
    ];
    for (const filter of filters) {
      const { pushdown, plan } = await explain('planned', filter);
      expect({ filter, pushdown, search: plan.some(usesIndex) }).toEqual({ filter, pushdown: true, search: true });
    }
  });

  test('an _id $in of strings or ObjectIds is one index search, alone or with other conditions', async () => {
    const c = collection('planned');
    const oid = new Types.ObjectId();
    await c.insertMany([{ _id: 'in1', rev: 'r1' }, { _id: 'in2', rev: 'r2' }, { _id: oid, rev: 'r1' }]);
    const filters = [
      { _id: { $in: ['in1', 'in2', 'missing'] } },
      { _id: { $in: ['in1', oid] }, rev: 'r1' },
      { _id: { $in: ['in1'] }, $or: [{ rev: 'r1' }, { state: 'x' }] },
    ];
    for (const filter of filters) {
      const { pushdown, plan } = await explain('planned', filter);
      expect({ filter, pushdown, search: plan.some(usesIndex) }).toEqual({ filter, pushdown: true, search: true });
    }
    const many = await c.updateMany({ _id: { $in: ['in1', 'in2', oid, 'missing'] }, rev: 'r1' }, { $set: { state: 'seen' } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect(await c.countDocuments({ state: 'seen' })).toBe(2);
    expect((await c.findOne({ _id: 'in2' }))?.state).toBeUndefined();
  });

  test('filters with nothing SQL can compare are left to the handler', async () => {
    const c = collection('planned');
    const many = Array.from({ length: 1001 }, (_, i) => `m${i}`);
    for (const filter of [
      { _id: 7 },
      { _id: { $in: ['k', 7] } },
      { _id: { $in: [] } },
      { _id: { $in: ['k'], $ne: 'j' } },
      { _id: { $in: many } },
      { _id: { $nin: ['k'] } },
      { rev: { $lt: 'r2' } },
      { 'n.f': 1 },
      { rev: 'say "hi"' },
      { rev: 'a<b' },
      { $or: [{ rev: 'r1' }, { state: 'pending' }] },
    ]) {
      const { pushdown, plan } = await explain('planned', filter);
      expect({ filter, pushdown, search: plan.some(usesIndex) }).toEqual({ filter, pushdown: false, search: false });
    }
    expect(await c.countDocuments({ _id: { $in: ['k', 7] } })).toBe(1);
  });

  test('an equality on a field with no index is compared in SQL, still by a scan', async () => {
    for (const filter of [{ _id: 7, rev: 'r1' }, { rev: 'r1' }, { rev: { $in: ['r1', 'r2'] } }]) {
      const { pushdown, plan } = await explain('planned', filter);
      expect({ filter, pushdown, search: plan.some(usesIndex) }).toEqual({ filter, pushdown: true, search: false });
    }
  });
});
