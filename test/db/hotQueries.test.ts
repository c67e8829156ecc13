import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { createCounters } from '../../src/db/counters';
import { createInbox } from '../../src/db/inbox';
import { createIncidents } from '../../src/db/incidents';
import { createOutbox } from '../../src/db/outbox';
import { createPostmortems } from '../../src/db/postmortems';
import { createTimeline } from '../../src/db/timeline';
import { createTranscript } from '../../src/db/transcript';
import { dropTestDatabase, openTestDatabase } from '../support/database';
import { onDatabases } from '../support/databaseGate';

// Every query the bot runs on its hot paths must be answered from an index, or it gets slower with every
// incident ever stored. This runs each repository call as the bot makes it, records the filters it sends
// (command monitoring), and asks the database to explain a find with each: on the embedded FerretDB the
// SQLite plan must search an index and never scan; on MongoDB the winning plan must use an index and no
// collection scan. So the test fails if a query changes shape or an index it needs goes away.

type Captured = { command: string; collection: string; filter: Record<string, unknown> };

let db: Database;
let captured: Captured[] = [];
const kind = process.env.TEST_DATABASE_KIND;

beforeAll(async () => {
  db = await openTestDatabase('hotqueries', { monitorCommands: true });
  db.connection.getClient().on('commandStarted', (e) => {
    const c = e.command as Record<string, unknown>;
    const collection = String(c[e.commandName] ?? '');
    const filters: unknown[] =
      e.commandName === 'find'
        ? [c.filter]
        : e.commandName === 'findAndModify'
          ? [c.query]
          : e.commandName === 'update'
            ? ((c.updates as Array<{ q: unknown }> | undefined) ?? []).map((u) => u.q)
            : e.commandName === 'delete'
              ? ((c.deletes as Array<{ q: unknown }> | undefined) ?? []).map((d) => d.q)
              : [];
    for (const filter of filters) if (filter) captured.push({ command: e.commandName, collection, filter: filter as Record<string, unknown> });
  });
  await seed();
});

afterAll(() => dropTestDatabase(db));

const repos = () => {
  const counters = createCounters(db.models.counters);
  return {
    incidents: createIncidents(db.models.incidents),
    timeline: createTimeline(db.models),
    transcript: createTranscript(db.models.transcript),
    inbox: createInbox(db.models.inbox),
    outbox: createOutbox(db.models.outbox),
    postmortems: createPostmortems(db.models.postmortems, counters),
  };
};

let openId = '';
const past = () => new Date(Date.now() - 60_000);

/** A few incidents, closed and open, with entries, messages, inbox items and outbox jobs around them. */
async function seed(): Promise<void> {
  const r = repos();
  for (let i = 1; i <= 6; i++) {
    const incident = await r.incidents.create({ number: i, title: `t${i}`, channelId: `C${i}`, channelName: `inc-${i}`, declaredAt: past(), declaredBy: 'U1' });
    if (i < 6) await r.incidents.markClosed(incident.id, new Date(), 'U1', `cmd:close-${i}`);
    else openId = incident.id;
    await r.transcript.save([1, 2, 3].map((m) => ({ channelId: `C${i}`, ts: `170000000${m}.000100`, rev: `170000000${m}.000100`, userId: 'U1', text: `m${m}` })), new Date());
    await r.timeline.applyReactions([1, 2].map((m) => ({ incidentId: incident.id, messageTs: `170000000${m}.000100`, authorId: 'U1', reaction: 'U2|pushpin', on: true, ts: `170000001${m}.000100` })), new Date());
    await r.timeline.add({ incidentId: incident.id, key: `cmd:${i}`, kind: 'note', source: 'command', at: new Date(), authorId: 'U1', fact: { kind: 'note', text: 'n' } }, new Date());
    await r.timeline.addAction({ incidentId: incident.id, key: `act:${i}`, text: 'a', createdBy: 'U1', createdAt: new Date(), number: 1, ownerId: 'U1' });
    await r.inbox.store({ id: `evt:${i}`, payload: {}, order: i }, past(), { token: `r0:${i}`, owner: 'r0', until: past() }, 2000);
    await r.outbox.enqueue([{ id: `job:${i}`, effect: { type: 'summary', incidentId: incident.id } }], past());
  }
  await r.inbox.markDone([{ id: 'evt:1', lease: 'r0:1' }, { id: 'evt:2', lease: 'r0:2' }], new Date());
}

/** The filters a repository call sends. */
async function filtersOf(run: () => Promise<unknown>): Promise<Captured[]> {
  captured = [];
  await run();
  const out = captured;
  captured = [];
  return out;
}

const usesIndexStep = (step: string) => /\bSEARCH \S+ USING (COVERING )?INDEX\b/.test(step);
const scanStep = (step: string) => /\bSCAN\b/.test(step) && !/USING (COVERING )?INDEX/.test(step);

/** How the database would read the documents a filter selects. */
async function planOf(c: Captured): Promise<{ indexed: boolean; plan: unknown }> {
  const native = db.connection.db;
  if (!native) throw new Error('database connection not open');
  let last: unknown;
  // FerretDB's pooled SQLite connections may plan before they see an index made on another one: try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await native.command({ explain: { find: c.collection, filter: c.filter } });
    if (kind === 'ferretdb') {
      const plan = (res.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [];
      last = plan;
      if (plan.some(usesIndexStep) && !plan.some(scanStep)) return { indexed: true, plan };
    } else {
      const winning = JSON.stringify((res.queryPlanner as { winningPlan?: unknown } | undefined)?.winningPlan ?? res);
      last = winning;
      if (/IXSCAN|IDHACK|EXPRESS/.test(winning) && !/COLLSCAN/.test(winning)) return { indexed: true, plan: winning };
    }
    await native.collection(c.collection).findOne(c.filter);
  }
  return { indexed: false, plan: last };
}

const HOT: Array<[string, () => Promise<unknown>]> = [
  ['inbox claim (the sweeper)', () => repos().inbox.claimExpired(new Date(), { token: 'r1:1', owner: 'r1', until: new Date(Date.now() + 30_000) }, 10)],
  ['inbox lease renewal', () => repos().inbox.renew([{ id: 'evt:5', lease: 'r1:1' }, { id: 'evt:6', lease: 'r1:1' }], new Date(Date.now() + 30_000))],
  ['inbox marks', () => repos().inbox.markDone([{ id: 'evt:3', lease: 'r1:1' }, { id: 'evt:4', lease: 'r1:1' }], new Date())],
  ['inbox purge', () => repos().inbox.purge({ doneBefore: new Date(Date.now() - 3_600_000), failedBefore: new Date(0), heldBefore: new Date(0) })],
  ['incidents of a batch of events (by channel)', () => repos().incidents.findByChannels(['C1', 'C6'])],
  ['incident of a command (by channel)', () => repos().incidents.findByChannel('C6')],
  ['open incidents (/incident list, reminders)', () => repos().incidents.listOpen()],
  ['incident activity', () => repos().incidents.touch([openId], new Date())],
  ['incident fields of a command (ordered by receipt)', () => repos().incidents.apply(openId, { impact: 'x', roles: { lead: 'U2' } }, Date.now() * 1000, new Date())],
  [
    'timeline upsert (reactions)',
    () => repos().timeline.applyReactions([{ incidentId: openId, messageTs: '1700000003.000100', authorId: 'U1', reaction: 'U2|bulb', on: true, ts: '1700000020.000100' }], new Date()),
  ],
  ['entries of one incident', () => repos().timeline.list(openId)],
  ['actions of one incident', () => repos().timeline.listActions(openId)],
  ['an action by its number (/incident action done N)', () => repos().timeline.actionByNumber(openId, 1)],
  ['open actions of one owner (App Home)', () => repos().timeline.openActionsOf('U1', 10)],
  ['overdue actions (ACTION_DUE_DAYS)', () => repos().timeline.overdueActions(new Date(), 10)],
  ['transcript upsert', () => repos().transcript.save([{ channelId: 'C6', ts: '1700000003.000100', rev: '1700000030.000100', userId: 'U1', text: 'edited' }], new Date())],
  ['transcript of one channel', () => repos().transcript.listChannel('C6')],
  ['outbox due jobs', () => repos().outbox.due(new Date(), 10)],
  ['outbox claim', () => repos().outbox.claim('summary:' + openId, { token: 'r1:9', owner: 'r1', until: new Date(Date.now() + 60_000) }, new Date())],
  ['outbox lease renewal', () => repos().outbox.renew([{ id: 'summary:' + openId, lease: 'r1:9' }], new Date(Date.now() + 60_000))],
  ['outbox purge', () => repos().outbox.purgeDone(new Date(Date.now() - 3_600_000))],
  ['inbox depth (/metrics)', () => repos().inbox.depth(new Date())],
  ['outbox depth (/metrics)', () => repos().outbox.depth(new Date())],
  ['draft of an outbox job', () => repos().postmortems.byJob('draft:x')],
];

const explained = onDatabases(['ferretdb', 'mongod', 'uri'], 'it reads FerretDB and MongoDB explain output');

explained.describe('hot queries are answered from an index', () => {
  test.each(HOT)('%s', async (_name, run) => {
    const filters = await filtersOf(run);
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) {
      const { indexed, plan } = await planOf(f);
      expect({ ...f, indexed, plan: indexed ? 'index' : plan }).toEqual({ ...f, indexed: true, plan: 'index' });
    }
  });

  test('a query with nothing indexed is reported as a scan (the check can fail)', async () => {
    const { indexed } = await planOf({ command: 'find', collection: 'timeline_entries', filter: { text: 'n' } });
    expect(indexed).toBe(false);
  });
});

test('an ObjectId of an unknown incident reads nothing', async () => {
  expect(await repos().timeline.list(new Types.ObjectId().toHexString())).toEqual([]);
});
