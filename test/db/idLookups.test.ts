import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';
import { onDatabases } from '../support/databaseGate';

// FerretDB 1.24 on SQLite finds, updates and deletes a document by _id with SQL `WHERE
// _ferretdb_sjson->'$._id' = ?`, but the `_id_` index it creates is on another expression that SQLite
// cannot use for it, so each of these scanned the whole collection. The embedded build
// (scripts/ferretdb/idindex.go) indexes every collection table on FerretDB's expression.
//
// FerretDB answers `explain` on SQLite with SQLite's own plan for that very SELECT (EXPLAIN QUERY PLAN):
// "SCAN <table>" without the index, "SEARCH <table> USING INDEX ..." with it. Updates and deletes use the
// same expression. Only the embedded build adds the index, so this runs only against it.

const embedded = onDatabases(['ferretdb'], 'only the embedded build indexes lookups by _id');

const usesIndex = (step: string) => /\bSEARCH \S+ USING (COVERING )?INDEX\b/.test(step);

let db: Database;

beforeAll(async () => {
  if (embedded.runs) db = await openTestDatabase('idlookups');
});

afterAll(() => dropTestDatabase(db));

function nativeDb() {
  const native = db.connection.db;
  if (!native) throw new Error('database connection not open');
  return native;
}

/** The SQLite plan FerretDB reports for a find by _id. */
async function planOf(collection: string, id: string | Types.ObjectId): Promise<string[]> {
  const native = nativeDb();
  let plan: string[] = [];
  // An explain is planned with the schema its pooled SQLite connection last loaded, and an index made
  // by another connection is seen only once that one runs a statement (a real query re-plans on its own).
  // So run the real query first, a few times if need be: without the index no attempt can show a SEARCH.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await native.collection(collection).findOne({ _id: id as never });
    const res = await native.command({ explain: { find: collection, filter: { _id: id } } });
    expect(res.filterPushdown).toBe(true); // the filter goes to SQL, so the plan is the query's
    plan = (res.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [];
    if (plan.some(usesIndex)) break;
  }
  return plan;
}

embedded.describe('lookups by _id on the embedded database use an index', () => {
  test('every collection of the data model', async () => {
    const names = (await nativeDb().listCollections().toArray()).map((c) => c.name).sort();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const plan = await planOf(name, new Types.ObjectId());
      expect({ name, plan }).toEqual({ name, plan: expect.arrayContaining([expect.stringMatching(/USING (COVERING )?INDEX/)]) });
    }
  });

  test('collections created by an insert, an upsert and a findOneAndUpdate, with string and ObjectId ids', async () => {
    const native = nativeDb();
    const oid = new Types.ObjectId();
    await native.collection('by_insert').insertOne({ _id: oid, n: 1 } as never);
    await native.collection('by_upsert').updateOne({ _id: 'k' as never }, { $set: { n: 1 } }, { upsert: true });
    await native.collection('by_find_and_modify').findOneAndUpdate({ _id: 'k' as never }, { $inc: { n: 1 } }, { upsert: true });
    expect((await planOf('by_insert', oid)).some(usesIndex)).toBe(true);
    expect((await planOf('by_upsert', 'k')).some(usesIndex)).toBe(true);
    expect((await planOf('by_find_and_modify', 'k')).some(usesIndex)).toBe(true);
  });

  test('a collection dropped and created again (its table gets the same name)', async () => {
    const c = nativeDb().collection<{ _id: string; n: number }>('recreated');
    await c.insertOne({ _id: 'a', n: 1 });
    expect((await planOf('recreated', 'a')).some(usesIndex)).toBe(true);
    await c.drop();
    await c.insertOne({ _id: 'b', n: 2 });
    expect((await planOf('recreated', 'b')).some(usesIndex)).toBe(true);
    expect(await c.findOne({ _id: 'b' })).toEqual({ _id: 'b', n: 2 });
  });
});
