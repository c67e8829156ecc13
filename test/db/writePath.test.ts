import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { createOutbox } from '../../src/db/outbox';
import { createTimeline } from '../../src/db/timeline';
import { createTranscript } from '../../src/db/transcript';
import { activeReactions } from '../../src/domain/timeline';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// The data layer of the write path, against the real database: conditional upserts that drop
// stale versions, leases that one replica at a time can take, and coalesced outbox jobs.

let db: Database;
const incidentId = new Types.ObjectId().toHexString();

beforeAll(async () => {
  db = await openTestDatabase('writepath');
});

afterAll(() => dropTestDatabase(db));

const change = (reaction: string, on: boolean, ts: string) => ({ incidentId, messageTs: '1700000000.000100', authorId: 'U1', reaction, on, ts });

test('a reaction change lands only if newer than the last one seen, in any order and any number of times', async () => {
  const timeline = createTimeline(db.models);
  // Removed at .300 — then a late redelivery of the add at .200 arrives, twice, in one bulk write with another reaction.
  await timeline.applyReactions([change('U2|pushpin', false, '1700000001.000300')], new Date());
  await timeline.applyReactions([change('U2|pushpin', true, '1700000001.000200'), change('U2|pushpin', true, '1700000001.000200'), change('U3|bulb', true, '1700000001.000400')], new Date());
  const [entry] = await timeline.list(incidentId);
  expect(activeReactions(entry?.reactions)).toEqual(['U3|bulb']);
  expect(entry).toMatchObject({ key: 'msg:1700000000.000100', source: 'reaction', authorId: 'U1', messageTs: '1700000000.000100' });
  expect(await db.models.timeline.countDocuments({ incidentId: new Types.ObjectId(incidentId) })).toBe(1);
});

test('a batch of reactions: new entries are inserted with their changes folded, stored ones updated, concurrent appliers agree', async () => {
  const timeline = createTimeline(db.models);
  const on = (messageTs: string, reaction: string, ts: string, state = true) => ({ incidentId, messageTs, authorId: 'U9', reaction, on: state, ts });
  // One batch: a new message with an add, an older remove that arrived later, and another emoji; the stored message too.
  await timeline.applyReactions([
    on('1700000000.000500', 'U2|bulb', '1700000002.000500'),
    on('1700000000.000500', 'U2|bulb', '1700000002.000400', false),
    on('1700000000.000500', 'U3|pushpin', '1700000002.000450'),
    on('1700000000.000100', 'U4|wrench', '1700000002.000600'),
  ], new Date());
  const byKey = async () => new Map((await timeline.list(incidentId)).map((e) => [e.key, activeReactions(e.reactions)]));
  expect((await byKey()).get('msg:1700000000.000500')).toEqual(['U3|pushpin', 'U2|bulb']); // in the order they were added
  expect((await byKey()).get('msg:1700000000.000100')).toEqual(['U3|bulb', 'U4|wrench']);
  // Appliers at once on the same new message (the in-process one, the sweeper, another replica): each finds
  // no entry, all but one insert it too late, and their changes land as updates: every change, one entry.
  const users = Array.from({ length: 8 }, (_, i) => `U${10 + i}|bulb`);
  await Promise.all(users.map((u, i) => timeline.applyReactions([on('1700000000.000700', u, `1700000003.00010${i}`)], new Date())));
  expect((await byKey()).get('msg:1700000000.000700')).toEqual(users);
  expect(await db.models.timeline.countDocuments({ _id: `${incidentId}:msg:1700000000.000700` })).toBe(1);
});

test('a message version lands only if newer: an edit redelivered late never overwrites a later one', async () => {
  const transcript = createTranscript(db.models.transcript);
  const base = { channelId: 'C1', ts: '1700000000.000100', userId: 'U1' };
  await transcript.save([{ ...base, text: 'second edit', rev: '1700000003.000000' }], new Date());
  // Stale versions in one batch with new messages: the new ones after each stale one land too.
  const next = (ts: string) => ({ channelId: 'C1', ts, userId: 'U2', text: `said at ${ts}`, rev: ts });
  await transcript.save([
    { ...base, text: 'first edit', rev: '1700000002.000000' },
    next('1700000005.000100'),
    { ...base, text: 'original', rev: base.ts },
    next('1700000005.000200'),
  ], new Date());
  const kept = await transcript.find('C1', base.ts);
  expect(kept).toMatchObject({ text: 'second edit' });
  expect(await transcript.find('C1', '1700000005.000100')).toMatchObject({ text: 'said at 1700000005.000100' });
  expect(await transcript.find('C1', '1700000005.000200')).toMatchObject({ text: 'said at 1700000005.000200' });
  expect(kept).not.toHaveProperty('deleted');
  await transcript.save([{ ...base, userId: '', text: '', rev: '1700000004.000000', deleted: true }], new Date());
  // A deletion keeps nothing of what was said.
  expect(await transcript.find('C1', base.ts)).toMatchObject({ text: '', deleted: true });
});

test('a coalesced outbox job stays due while changes keep coming, and is done once the latest was delivered', async () => {
  const outbox = createOutbox(db.models.outbox);
  const now = new Date();
  const effect = { type: 'summary' as const, incidentId };
  const lease = (token: string, from = now) => ({ token, owner: token, until: new Date(from.getTime() + 60_000) });
  await outbox.enqueue([{ id: 'x:0', effect }, { id: 'x:1', effect }], now);
  const job = await outbox.claim(`summary:${incidentId}`, lease('r1:1'), now);
  expect(job?.rev).toBe(2);
  expect(await outbox.claim(`summary:${incidentId}`, lease('r2:1'), now)).toBeNull(); // leased
  await outbox.enqueue([{ id: 'x:2', effect }], now); // a change while delivering
  if (!job) throw new Error('not claimed');
  await outbox.complete(job, now, new Date(now.getTime() + 5000));
  expect(await outbox.claim(job.id, lease('r1:2'), now)).toBeNull(); // not due before the interval
  const again = await outbox.claim(job.id, lease('r1:3'), new Date(now.getTime() + 5000));
  expect(again?.rev).toBe(3);
  if (!again) throw new Error('not claimed');
  await outbox.complete(again, now, now);
  expect(await outbox.due(new Date(now.getTime() + 10_000), 10)).toEqual([]);
});

test('an outbox delivery that lost its lease cannot save progress, retry, kill or complete the job', async () => {
  const outbox = createOutbox(db.models.outbox);
  const now = new Date();
  const effect = { type: 'declare' as const, declaration: { title: 't', userId: 'U1', replyTo: { userId: 'U1' }, at: now } };
  await outbox.enqueue([{ id: 'decl:1', effect }], now);
  const slow = await outbox.claim('decl:1', { token: 'a:1', owner: 'a', until: new Date(now.getTime() - 1) }, now);
  if (!slow) throw new Error('not claimed');
  const taken = await outbox.claim('decl:1', { token: 'b:1', owner: 'b', until: new Date(now.getTime() + 60_000) }, now);
  expect(taken?.lease).toBe('b:1');
  expect(await outbox.saveEffect(slow, { ...effect, number: 7 })).toBe(false);
  await outbox.retry(slow, now, 'stalled');
  await outbox.kill(slow, 'stalled', now);
  await outbox.complete(slow, now, now);
  expect(await db.models.outbox.findById('decl:1').lean()).toMatchObject({ state: 'pending', lease: 'b:1', effect: { type: 'declare' } });
  expect((await db.models.outbox.findById('decl:1').lean())?.effect).not.toHaveProperty('number');
  if (!taken) throw new Error('not taken');
  expect(await outbox.saveEffect(taken, { ...effect, number: 8 })).toBe(true);
  expect(await outbox.renew([taken, slow], new Date(now.getTime() + 120_000))).toEqual(new Set(['decl:1']));
});

test('a job counts its failures in a row: a success starts the count again', async () => {
  const outbox = createOutbox(db.models.outbox);
  const effect = { type: 'summary' as const, incidentId: new Types.ObjectId().toHexString() };
  const start = new Date();
  let t = start.getTime();
  const attempts: number[] = [];
  await outbox.enqueue([{ id: 's:0', effect }], start);
  for (let round = 0; round < 5; round++) {
    for (const fail of [true, true, false]) {
      t += 1000;
      const job = await outbox.claim(`summary:${effect.incidentId}`, { token: `r:${t}`, owner: 'r', until: new Date(t + 60_000) }, new Date(t));
      if (!job) throw new Error('not claimed');
      attempts.push(job.attempts);
      if (fail) await outbox.retry(job, new Date(t), 'ratelimited');
      else await outbox.complete(job, new Date(t), new Date(t));
      await outbox.enqueue([{ id: `s:${t}`, effect }], new Date(t));
    }
  }
  expect(attempts).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
});
