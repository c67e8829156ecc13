import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { createInbox, type Inbox } from '../../src/db/inbox';
import { createReceiver, type Applier } from '../../src/inbox/intake';
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
  await timeline.applyReactions([change('U2|pushpin', false, '1700000001.000300')]);
  await timeline.applyReactions([change('U2|pushpin', true, '1700000001.000200'), change('U2|pushpin', true, '1700000001.000200'), change('U3|bulb', true, '1700000001.000400')]);
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
  ]);
  const byKey = async () => new Map((await timeline.list(incidentId)).map((e) => [e.key, activeReactions(e.reactions)]));
  expect((await byKey()).get('msg:1700000000.000500')).toEqual(['U3|pushpin', 'U2|bulb']); // in the order they were added
  expect((await byKey()).get('msg:1700000000.000100')).toEqual(['U3|bulb', 'U4|wrench']);
  // Appliers at once on the same new message (the in-process one, the sweeper, another replica): each finds
  // no entry, all but one insert it too late, and their changes land as updates: every change, one entry.
  const users = Array.from({ length: 8 }, (_, i) => `U${10 + i}|bulb`);
  await Promise.all(users.map((u, i) => timeline.applyReactions([on('1700000000.000700', u, `1700000003.00010${i}`)])));
  expect((await byKey()).get('msg:1700000000.000700')).toEqual(users);
  expect(await db.models.timeline.countDocuments({ _id: `${incidentId}:msg:1700000000.000700` })).toBe(1);
});

test('a message version lands only if newer: an edit redelivered late never overwrites a later one', async () => {
  const transcript = createTranscript(db.models.transcript);
  const base = { channelId: 'C1', ts: '1700000000.000100', userId: 'U1' };
  await transcript.save([{ ...base, text: 'second edit', rev: '1700000003.000000' }]);
  // Stale versions in one batch with new messages: the new ones after each stale one land too.
  const next = (ts: string) => ({ channelId: 'C1', ts, userId: 'U2', text: `said at ${ts}`, rev: ts });
  await transcript.save([
    { ...base, text: 'first edit', rev: '1700000002.000000' },
    next('1700000005.000100'),
    { ...base, text: 'original', rev: base.ts },
    next('1700000005.000200'),
  ]);
  const kept = await transcript.find('C1', base.ts);
  expect(kept).toMatchObject({ text: 'second edit' });
  expect(await transcript.find('C1', '1700000005.000100')).toMatchObject({ text: 'said at 1700000005.000100' });
  expect(await transcript.find('C1', '1700000005.000200')).toMatchObject({ text: 'said at 1700000005.000200' });
  expect(kept).not.toHaveProperty('deleted');
  await transcript.save([{ ...base, userId: '', text: '', rev: '1700000004.000000', deleted: true }]);
  expect(await transcript.find('C1', base.ts)).toMatchObject({ text: 'second edit', userId: 'U1', deleted: true });
});

test('an inbox item is stored once, and a lapsed lease is taken by one replica only', async () => {
  const inbox = createInbox(db.models.inbox);
  const past = new Date(Date.now() - 1000);
  expect(await inbox.store({ id: 'evt:A', payload: { n: 1 } }, past, past, 'crashed', 2000)).toBe(true);
  expect(await inbox.store({ id: 'evt:A', payload: { n: 2 } }, past, past, 'other', 2000)).toBe(false);
  const now = new Date();
  const [a, b] = await Promise.all([inbox.claimExpired(now, 'r1', 30_000, 10), inbox.claimExpired(now, 'r2', 30_000, 10)]);
  expect([...(a ?? []), ...(b ?? [])].map((i) => [i.id, i.payload, i.attempts])).toEqual([['evt:A', { n: 1 }, 2]]);
  await inbox.markDone(['evt:A']);
  expect(await inbox.claimExpired(new Date(Date.now() + 60_000), 'r3', 30_000, 10)).toEqual([]);
});

test('a coalesced outbox job stays due while changes keep coming, and is done once the latest was delivered', async () => {
  const outbox = createOutbox(db.models.outbox);
  const now = new Date();
  const effect = { type: 'summary' as const, incidentId };
  await outbox.enqueue([{ id: 'x:0', effect }, { id: 'x:1', effect }], now);
  const job = await outbox.claim(`summary:${incidentId}`, 'r1', now, 60_000);
  expect(job?.rev).toBe(2);
  expect(await outbox.claim(`summary:${incidentId}`, 'r2', now, 60_000)).toBeNull(); // leased
  await outbox.enqueue([{ id: 'x:2', effect }], now); // a change while delivering
  if (!job) throw new Error('not claimed');
  await outbox.complete(job, now, new Date(now.getTime() + 5000));
  expect(await outbox.claim(job.id, 'r1', now, 60_000)).toBeNull(); // not due before the interval
  const again = await outbox.claim(job.id, 'r1', new Date(now.getTime() + 5000), 60_000);
  expect(again?.rev).toBe(3);
  if (!again) throw new Error('not claimed');
  await outbox.complete(again, now, now);
  expect(await outbox.due(new Date(now.getTime() + 10_000), 10)).toEqual([]);
});

test('a command stored after its caller heard "not recorded" is marked failed, never applied, even if marking it fails at first', async () => {
  const real = createInbox(db.models.inbox);
  let failCalls = 0;
  const inbox: Inbox = {
    ...real,
    // The database answers after Slack's window: the caller is told "not recorded" before this lands.
    store: (...args) => new Promise((resolve) => setTimeout(resolve, 2_300)).then(() => real.store(...args)),
    // The database is still struggling: the first two tries to mark it fail.
    fail: async (...args) => {
      failCalls += 1;
      if (failCalls <= 2) throw new Error('connection reset');
      return real.fail(...args);
    },
  };
  const applied: string[] = [];
  const receive = createReceiver({
    inbox,
    applier: { submit: (item: { id: string }) => applied.push(item.id) } as unknown as Applier,
    now: () => new Date(),
    clock: () => new Date(),
    owner: 'r1',
    log: { error: () => undefined },
  });
  const payload = { type: 'command' as const, text: 'note late', channelId: 'C1', userId: 'U1', responseUrl: 'http://x' };
  await expect(receive('cmd:late', payload)).rejects.toThrow(/not stored within/);
  await waitFor(async () => (await db.models.inbox.findById('cmd:late').lean())?.state === 'failed', 10_000);
  expect(failCalls).toBe(3);
  expect(applied).toEqual([]);
  // The sweeper, once the lease has run out, finds nothing to apply.
  expect(await real.claimExpired(new Date(Date.now() + 60_000), 'r2', 30_000, 10)).toEqual([]);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
