import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { createTimeline } from '../../src/db/timeline';
import { createTranscript } from '../../src/db/transcript';
import type { Models } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// On MongoDB two conditional upserts of one new document can race: both find nothing, both insert,
// and the loser gets a duplicate key error (11000) that MongoDB does not retry, because the filter
// (`_id` and `rev $lt …`) is not all equalities. The loser may be the newer version (an edit racing
// its message). The embedded database serializes writes, so the race cannot happen there: these
// tests force it, by letting the "other writer" insert first and answering the first bulk write
// with the 11000 MongoDB would give.

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase('dupkey');
});
afterAll(() => dropTestDatabase(db));

const duplicateKey = (index: number) => Object.assign(new Error('E11000 duplicate key error'), { code: 11000, writeErrors: [{ code: 11000, index }] });

/** The collection's bulkWrite, losing its first call to a racing writer that inserts `winner` first. */
function losingTheRace<M extends Models['transcript'] | Models['timeline']>(model: M, winner: Record<string, unknown>): M {
  const collection = model.collection;
  const original = collection.bulkWrite.bind(collection);
  let raced = false;
  const bulkWrite = (async (...args: Parameters<typeof original>) => {
    if (raced) return original(...args);
    raced = true;
    await collection.insertOne(winner as never);
    throw duplicateKey(0);
  }) as typeof original;
  return Object.assign(Object.create(model) as M, { collection: Object.assign(Object.create(collection) as typeof collection, { bulkWrite }) });
}

test('an edit that loses the insert race to its own message is kept, not skipped as stale', async () => {
  const ts = '1700000000.000100';
  const winner = { _id: `C1:${ts}`, channelId: 'C1', ts, userId: 'U1', text: 'db is down', rev: ts, deleted: false };
  const transcript = createTranscript(losingTheRace(db.models.transcript, winner));
  await transcript.save([{ channelId: 'C1', ts, userId: 'U1', text: 'db is down (primary only)', rev: '1700000005.000000' }], new Date());
  expect(await createTranscript(db.models.transcript).find('C1', ts)).toMatchObject({ text: 'db is down (primary only)', rev: '1700000005.000000' });
});

test('a stale version that gets a duplicate key is still skipped', async () => {
  const ts = '1700000000.000200';
  const winner = { _id: `C1:${ts}`, channelId: 'C1', ts, userId: 'U1', text: 'edited later', rev: '1700000009.000000', deleted: false };
  const transcript = createTranscript(losingTheRace(db.models.transcript, winner));
  await transcript.save([{ channelId: 'C1', ts, userId: 'U1', text: 'original', rev: ts }], new Date());
  expect(await createTranscript(db.models.transcript).find('C1', ts)).toMatchObject({ text: 'edited later' });
});

test('a reaction removal that loses the insert race to the add is kept', async () => {
  const incidentId = new Types.ObjectId().toHexString();
  const messageTs = '1700000001.000100';
  const at = new Date(1_700_000_001_000);
  const winner = {
    _id: `${incidentId}:msg:${messageTs}`,
    incidentId: new Types.ObjectId(incidentId),
    key: `msg:${messageTs}`,
    source: 'reaction',
    at,
    authorId: 'U1',
    messageTs,
    reactions: { 'U2|pushpin': { on: true, ts: '1700000002.000000' } },
  };
  const timeline = createTimeline({ timeline: losingTheRace(db.models.timeline, winner), actions: db.models.actions });
  // The stored check found no entry yet, so the change goes out as an upsert, and loses.
  await timeline.applyReactions([{ incidentId, messageTs, authorId: 'U1', reaction: 'U2|pushpin', on: false, ts: '1700000003.000000' }], at);
  const [entry] = await createTimeline(db.models).list(incidentId);
  expect(entry?.reactions).toEqual({ 'U2|pushpin': { on: false, ts: '1700000003.000000' } });
});
