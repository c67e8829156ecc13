import type { Database } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// The bot relies on MongoDB's promise that a write to one document is atomic: two reactions
// landing on one message at once must both be kept. FerretDB 1.24 on its own applies an update
// as a read and a later write-back, so concurrent updates of one document lose all but some;
// the embedded build (scripts/ferretdb) runs write commands one at a time to keep the promise.

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase('atomic');
});

afterAll(() => dropTestDatabase(db));

test('forty concurrent updates of one document are all applied', async () => {
  const c = db.connection.collection<{ _id: string; tags: string[]; n: number }>('atomic_probe');
  await c.insertOne({ _id: 'doc', tags: [], n: 0 });
  await Promise.all(Array.from({ length: 40 }, (_, i) => c.updateOne({ _id: 'doc' }, { $addToSet: { tags: `t${i}` }, $inc: { n: 1 } })));
  const doc = await c.findOne({ _id: 'doc' });
  expect(doc?.n).toBe(40);
  expect(doc?.tags).toHaveLength(40);
});
