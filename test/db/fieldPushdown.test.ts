import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';
import { onDatabases } from '../support/databaseGate';

// FerretDB 1.24 on SQLite pushed only {_id: value} into SQL: {incidentId: id}, {state: 'pending', ...} and
// every other filter read and decoded the whole collection, so each query got slower with every incident
// ever stored, and the indexes createIndexes made were never used. The embedded build
// (scripts/ferretdb/patches/pushdown-filters.patch) compares top-level equalities and $in lists of
// strings, ObjectIds and booleans in SQL, on the expression of FerretDB's own indexes.
//
// The first block checks that results stay exactly MongoDB's (arrays, types, odd strings), on whatever
// database the tests run against; the second that the embedded database plans them as index searches.

const embedded = onDatabases(['ferretdb'], "it reads the embedded build's SQLite plans");
const usesIndex = (step: string) => /\bSEARCH \S+ USING (COVERING )?INDEX\b/.test(step);

interface Doc {
  _id: string;
  incidentId?: Types.ObjectId | string;
  channelId?: string | string[];
  state?: string | boolean;
  leaseUntil?: Date;
  label?: string;
}

let db: Database;
const inc1 = new Types.ObjectId();
const inc2 = new Types.ObjectId();
const past = new Date(Date.now() - 60_000);
const later = new Date(Date.now() + 60_000);

beforeAll(async () => {
  db = await openTestDatabase('fieldpushdown');
  const c = docs();
  await c.createIndex({ incidentId: 1, at: 1 });
  await c.createIndex({ channelId: 1 });
  await c.createIndex({ state: 1, leaseUntil: 1 });
  await c.createIndex({ label: 1 });
  await c.insertMany([
    { _id: 'a', incidentId: inc1, channelId: 'C1', state: 'pending', leaseUntil: past, label: 'plain' },
    { _id: 'b', incidentId: inc1, channelId: ['C1', 'C2'], state: 'done', leaseUntil: past, label: 'a<b & "c"' },
    { _id: 'c', incidentId: inc2, channelId: 'C3', state: 'pending', leaseUntil: later, label: 'é' },
    // The same characters as inc1, but a string: MongoDB tells them apart.
    { _id: 'd', incidentId: inc1.toHexString(), channelId: 'C4', state: true },
    { _id: 'e', channelId: ['C5'] },
    ...Array.from({ length: 30 }, (_, i) => ({ _id: `filler${i}`, incidentId: new Types.ObjectId(), channelId: `CF${i}`, state: 'done', leaseUntil: past })),
  ]);
});

afterAll(() => dropTestDatabase(db));

function docs() {
  const native = db.connection.db;
  if (!native) throw new Error('database connection not open');
  return native.collection<Doc>('fields');
}

const ids = async (filter: Record<string, unknown>) => (await docs().find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);

describe('equality filters on fields return what MongoDB returns', () => {
  test('ObjectIds and strings with the same characters are told apart', async () => {
    expect(await ids({ incidentId: inc1 })).toEqual(['a', 'b']);
    expect(await ids({ incidentId: inc1.toHexString() })).toEqual(['d']);
    expect(await ids({ incidentId: { $in: [inc2, inc1.toHexString()] } })).toEqual(['c', 'd']);
  });

  test('an array holding the value matches, as in MongoDB', async () => {
    expect(await ids({ channelId: 'C1' })).toEqual(['a', 'b']);
    expect(await ids({ channelId: { $in: ['C2', 'C5', 'C9'] } })).toEqual(['b', 'e']);
    expect(await ids({ channelId: { $eq: 'C2' } })).toEqual(['b']);
  });

  test('booleans, other conditions beside the equality, and strings SQL is not given', async () => {
    expect(await ids({ state: true })).toEqual(['d']);
    expect(await ids({ state: 'pending', leaseUntil: { $lte: new Date() } })).toEqual(['a']);
    expect(await ids({ state: 'pending', channelId: 'C3' })).toEqual(['c']);
    expect(await ids({ label: 'a<b & "c"' })).toEqual(['b']);
    expect(await ids({ label: 'é' })).toEqual(['c']);
  });

  test('updates and deletes by a field change exactly the matching documents', async () => {
    const c = docs();
    expect(await c.updateMany({ incidentId: inc1, state: 'pending' }, { $set: { label: 'seen' } })).toMatchObject({ matchedCount: 1 });
    expect(await ids({ label: 'seen' })).toEqual(['a']);
    expect(await c.deleteMany({ channelId: 'C2' })).toMatchObject({ deletedCount: 1 });
    expect(await ids({ channelId: 'C1' })).toEqual(['a']);
  });
});

embedded.describe('the embedded database answers them with the index', () => {
  async function explain(filter: Record<string, unknown>) {
    const native = db.connection.db;
    if (!native) throw new Error('database connection not open');
    const res = await native.command({ explain: { find: 'fields', filter } });
    return { pushdown: res.filterPushdown as boolean, plan: (res.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [] };
  }

  test('an equality or $in on the first key of an index is an index search', async () => {
    for (const filter of [
      { incidentId: inc1 },
      { incidentId: { $in: [inc1, inc2] } },
      { channelId: 'C1' },
      { channelId: { $in: ['C1', 'C3'] } },
      { state: 'pending', leaseUntil: { $lte: new Date() } },
      { state: { $eq: true } },
    ]) {
      const { pushdown, plan } = await explain(filter);
      expect({ filter, pushdown, search: plan.some(usesIndex) }).toEqual({ filter, pushdown: true, search: true });
    }
  });
});
