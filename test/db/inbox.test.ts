import type { Database } from '../../src/db/connection';
import { createInbox } from '../../src/db/inbox';
import { createReceiver } from '../../src/inbox/receive';
import type { InboxStore, ItemSink } from '../../src/inbox/store';
import { Types } from 'mongoose';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// The inbox against the real database: each request stored once, leases one holder at a time (a
// holder that lost its lease finishes nothing), refusals, resubmissions and retention.

let db: Database;
const incidentId = new Types.ObjectId().toHexString();

beforeAll(async () => {
  db = await openTestDatabase('inbox');
});

afterAll(() => dropTestDatabase(db));

const leaseOf = (token: string, until: Date) => ({ token, owner: token.split(':')[0] ?? token, until });

test('an inbox item is stored once, and a lapsed lease is taken by one replica only', async () => {
  const inbox = createInbox(db.models.inbox);
  const past = new Date(Date.now() - 1000);
  expect(await inbox.store({ id: 'evt:A', payload: { n: 1 }, order: 1 }, past, leaseOf('crashed:1', past), 2000)).toBe(true);
  expect(await inbox.store({ id: 'evt:A', payload: { n: 2 }, order: 2 }, past, leaseOf('other:1', past), 2000)).toBe(false);
  const now = new Date();
  const later = new Date(now.getTime() + 30_000);
  const [a, b] = await Promise.all([inbox.claimExpired(now, leaseOf('r1:1', later), 10), inbox.claimExpired(now, leaseOf('r2:1', later), 10)]);
  const claimed = [...a, ...b];
  expect(claimed.map((i) => [i.id, i.payload, i.attempts])).toEqual([['evt:A', { n: 1 }, 2]]);
  await inbox.markDone(claimed, now);
  expect(await inbox.claimExpired(new Date(Date.now() + 60_000), leaseOf('r3:1', later), 10)).toEqual([]);
});

test('an applier that lost its lease can neither renew it nor finish the item; the one that took it over can', async () => {
  const inbox = createInbox(db.models.inbox);
  const now = new Date();
  const lapsed = new Date(now.getTime() - 1);
  await inbox.store({ id: 'cmd:slow', payload: { n: 1 }, order: 1 }, now, leaseOf('a:1', lapsed), 2000);
  const [taken] = await inbox.claimExpired(now, leaseOf('b:1', new Date(now.getTime() + 30_000)), 10);
  expect(taken?.lease).toBe('b:1');
  const slow = { id: 'cmd:slow', lease: 'a:1' };
  expect(await inbox.renew([slow], new Date(now.getTime() + 30_000))).toEqual(new Set());
  await inbox.markDone([slow], now);
  await inbox.release(slow, now, 'a failure seen by the stalled applier');
  expect(await db.models.inbox.findById('cmd:slow').lean()).toMatchObject({ state: 'pending', lease: 'b:1' });
  expect(await inbox.renew([{ id: 'cmd:slow', lease: 'b:1' }], new Date(now.getTime() + 60_000))).toEqual(new Set(['cmd:slow']));
  await inbox.markDone([{ id: 'cmd:slow', lease: 'b:1' }], now);
  expect(await db.models.inbox.findById('cmd:slow').lean()).toMatchObject({ state: 'done' });
});

test('a refused item sent again is taken back to be applied; an applied one stays done', async () => {
  const inbox = createInbox(db.models.inbox);
  const now = new Date();
  const until = new Date(now.getTime() + 30_000);
  await inbox.store({ id: 'view:V1:h1', payload: { n: 1 }, order: 1 }, now, leaseOf('a:1', until), 2000);
  expect(await inbox.refuse({ id: 'view:V1:h1', lease: 'a:1' }, now)).toBe(true);
  const again = await inbox.resubmit('view:V1:h1', leaseOf('a:2', until));
  expect(again).toMatchObject({ id: 'view:V1:h1', lease: 'a:2', payload: { n: 1 } });
  // The refusal of the first try, landing late, no longer applies: the item was taken over.
  expect(await inbox.refuse({ id: 'view:V1:h1', lease: 'a:1' }, now)).toBe(false);
  await inbox.markDone([{ id: 'view:V1:h1', lease: 'a:2' }], now);
  expect(await inbox.resubmit('view:V1:h1', leaseOf('a:3', until))).toBeNull();
  expect(await db.models.inbox.findById('view:V1:h1').lean()).toMatchObject({ state: 'done', lease: 'a:2' });
});

test('retention: applied, given-up and held items are dropped after their windows, pending ones never', async () => {
  const inbox = createInbox(db.models.inbox);
  const now = new Date();
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  const put = async (id: string, state: 'done' | 'failed' | 'held' | 'pending', hours: number) => {
    const lease = leaseOf(`r:${id}`, hoursAgo(hours));
    await inbox.store({ id, payload: { responseUrl: 'https://hooks.example/x' }, order: 1 }, hoursAgo(hours), lease, 2000);
    const item = { id, lease: lease.token };
    if (state === 'done') await inbox.markDone([item], hoursAgo(hours));
    if (state === 'failed') await inbox.fail(item, 'gave up', hoursAgo(hours));
    if (state === 'held') {
      await inbox.hold([item], incidentId, hoursAgo(hours));
    }
  };
  await put('ret:done-old', 'done', 2);
  await put('ret:done-new', 'done', 0.1);
  await put('ret:failed-old', 'failed', 8 * 24);
  await put('ret:failed-new', 'failed', 24);
  await put('ret:held-old', 'held', 31 * 24);
  await put('ret:held-new', 'held', 5 * 24);
  await put('ret:pending-old', 'pending', 60 * 24);
  await inbox.purge({ doneBefore: hoursAgo(1), failedBefore: hoursAgo(7 * 24), heldBefore: hoursAgo(30 * 24) });
  const left = (await db.models.inbox.find({ _id: { $regex: '^ret:' } }, { _id: 1 }).lean()).map((d) => String(d._id)).sort();
  expect(left).toEqual(['ret:done-new', 'ret:failed-new', 'ret:held-new', 'ret:pending-old']);
  await db.models.inbox.deleteMany({ _id: { $regex: '^ret:' } });
});

test('a command stored after its caller heard "not recorded" is marked failed, never applied, even if marking it fails at first', async () => {
  const real = createInbox(db.models.inbox);
  let failCalls = 0;
  const inbox: InboxStore = {
    ...real,
    // The database answers after Slack's window: the caller is told "not recorded" before this lands.
    store: (...args) => new Promise((resolve) => setTimeout(resolve, 2_300)).then(() => real.store(...args)),
    // The database is still struggling: the first two tries to mark it fail.
    refuse: async (...args) => {
      failCalls += 1;
      if (failCalls <= 2) throw new Error('connection reset');
      return real.refuse(...args);
    },
  };
  const { receive, applied } = receiverOver(inbox);
  const payload = { type: 'command' as const, command: { kind: 'note' as const, text: 'late' }, channelId: 'C1', userId: 'U1', replyTo: { responseUrl: 'http://x' } };
  await expect(receive('cmd:late', payload)).rejects.toThrow(/not stored within/);
  await waitFor(async () => (await db.models.inbox.findById('cmd:late').lean())?.state === 'failed', 10_000);
  expect(failCalls).toBe(3);
  expect(applied).toEqual([]);
  // The sweeper, once the lease has run out, finds nothing to apply.
  expect(await real.claimExpired(new Date(Date.now() + 60_000), leaseOf('r2:1', new Date(Date.now() + 90_000)), 10)).toEqual([]);
});

test('a form sent again after "not recorded" is applied, whether its refused first try landed before or after', async () => {
  const real = createInbox(db.models.inbox);
  let slowStores = 1;
  const inbox: InboxStore = {
    ...real,
    // Only the first try is slow: it lands after the caller was told "not recorded".
    store: (...args) => (slowStores-- > 0 ? new Promise((resolve) => setTimeout(resolve, 2_300)).then(() => real.store(...args)) : real.store(...args)),
  };
  const { receive, applied } = receiverOver(inbox);
  const payload = { type: 'declare_form' as const, declaration: { title: 'Checkout down', userId: 'U1', replyTo: { userId: 'U1' } } };
  await expect(receive('view:V9:h1', payload)).rejects.toThrow(/not stored within/);
  await waitFor(async () => (await db.models.inbox.findById('view:V9:h1').lean())?.state === 'failed', 10_000);
  // Sent again: the refused item is taken back and applied.
  expect(await receive('view:V9:h1', payload)).toBe('stored');
  expect(applied).toEqual(['view:V9:h1']);

  // The first try still on its way when the second comes: the second is stored and applied, the first's late landing changes nothing.
  slowStores = 1;
  const late = receive('view:V9:h2', payload).catch((err: unknown) => err);
  await new Promise((r) => setTimeout(r, 2_100));
  expect(await receive('view:V9:h2', payload)).toBe('stored');
  expect(await late).toBeInstanceOf(Error);
  await new Promise((r) => setTimeout(r, 500));
  expect(applied).toEqual(['view:V9:h1', 'view:V9:h2']);
  // Held under the second try's lease, not refused by the first's.
  const h2 = await db.models.inbox.findById('view:V9:h2').lean();
  expect(h2?.state).toBe('pending');
  expect(['r1:4', 'r1:5']).toContain(h2?.lease);
});

/** The ack path of replica r1 over this inbox, its applier noting what it was handed. */
function receiverOver(inbox: InboxStore) {
  const applied: string[] = [];
  let tokens = 0;
  const receive = createReceiver({
    inbox,
    applier: { submit: (item) => void applied.push(item.id), submitStored: (item) => void applied.push(item.id) } satisfies ItemSink,
    incidentClock: () => new Date(),
    leases: { owner: 'r1', leaseMs: 30_000, clock: () => new Date(), token: () => `r1:${++tokens}` },
    log: { error: () => undefined },
  });
  return { receive, applied };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
