import type { Database } from '../../src/db/connection';
import { createIncidents } from '../../src/db/incidents';
import { createTimeline } from '../../src/db/timeline';
import type { Incident } from '../../src/domain/incident';
import { assignRole } from '../../src/usecases/assignRole';
import { changeSeverity } from '../../src/usecases/changeSeverity';
import { changeStatus } from '../../src/usecases/changeStatus';
import { closeIncident } from '../../src/usecases/closeIncident';
import type { CommandContext } from '../../src/usecases/deps';
import type { People } from '../../src/usecases/people';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// A command applied again (its apply crashed after the incident changed but before its effects
// were stored, or a replica took over a stalled apply) must finish with the same effects: the
// summary, the channel post and the reply, never only "already set".

let db: Database;
let number = 0;

beforeAll(async () => {
  db = await openTestDatabase('reapply');
});
afterAll(() => dropTestDatabase(db));

const people: People = {
  userName: async (id) => id,
  userExists: async () => true,
  findUserByName: async () => undefined,
  channelMembers: async () => ['U1', 'U2'],
  isExternal: async () => false,
  isGuest: async () => false,
};

async function setUp(): Promise<{ deps: Parameters<typeof changeStatus>[0] & Parameters<typeof closeIncident>[0]; incident: Incident }> {
  const incidents = createIncidents(db.models.incidents);
  number += 1;
  const incident = await incidents.create({ number, title: 't', channelId: `C${number}`, channelName: `inc-${number}`, declaredAt: new Date(), declaredBy: 'U1' });
  const settings = { channelPrefix: 'inc', timelineEmoji: 'pushpin', timezone: 'UTC', reactionKinds: {}, announcementsChannel: undefined, reminderMinutes: undefined, updateReminderMinutes: undefined, actionDueDays: undefined, allowExternalUsers: false };
  return { deps: { incidents, timeline: createTimeline(db.models), people, settings }, incident };
}

const ctx = (incident: Incident, key: string, order: number): CommandContext => ({
  channelId: incident.channelId,
  userId: 'U1',
  key,
  order,
  replyTo: { responseUrl: 'https://hooks.example/r' },
  now: new Date(),
});

test.each([
  ['status', (d: Awaited<ReturnType<typeof setUp>>['deps'], c: CommandContext) => changeStatus(d, c, 'identified')],
  ['severity', (d: Awaited<ReturnType<typeof setUp>>['deps'], c: CommandContext) => changeSeverity(d, c, 'sev1')],
  ['role', (d: Awaited<ReturnType<typeof setUp>>['deps'], c: CommandContext) => assignRole(d, c, 'lead', { kind: 'id', id: 'U2' })],
])('a %s change applied again gives the same effects', async (_kind, run) => {
  const { deps, incident } = await setUp();
  const c = ctx(incident, 'cmd:again', 1);
  const first = await run(deps, c);
  expect(first.map((e) => e.type)).toEqual(expect.arrayContaining(['summary', 'post', 'reply']));
  // The effects were never stored: the inbox item is applied again.
  expect(await run(deps, c)).toEqual(first);
  expect((await deps.timeline.list(incident.id)).filter((e) => e.key === 'cmd:again')).toHaveLength(1);
});

test('a status change already made by another command still answers "already set"', async () => {
  const { deps, incident } = await setUp();
  await changeStatus(deps, ctx(incident, 'cmd:one', 1), 'identified');
  expect(await changeStatus(deps, ctx(incident, 'cmd:two', 2), 'identified')).toEqual([
    { type: 'reply', to: { responseUrl: 'https://hooks.example/r' }, notice: { kind: 'status_unchanged', phase: 'identified' } },
  ]);
});

test('a close applied twice at once closes once, keeps its resolution, and neither copy answers "already closed"', async () => {
  const { deps, incident } = await setUp();
  const c = ctx(incident, 'cmd:close', 1);
  const [a, b] = await Promise.all([closeIncident(deps, c, 'rolled back'), closeIncident(deps, c, 'rolled back')]);
  expect(a).toEqual(b);
  expect(a.map((e) => e.type)).toEqual(['summary', 'draft']);
  const closes = (await deps.timeline.list(incident.id)).filter((e) => e.kind === 'closed');
  expect(closes.map((e) => e.fact)).toEqual([{ kind: 'closed', resolution: 'rolled back' }]);
  // Another close is refused, and takes nothing away.
  await expect(closeIncident(deps, ctx(incident, 'cmd:close-2', 2), 'again')).rejects.toMatchObject({ code: 'INCIDENT_ALREADY_CLOSED' });
  expect((await deps.timeline.list(incident.id)).filter((e) => e.kind === 'closed')).toHaveLength(1);
});

test('a later-received change to a field wins whatever order they are applied in', async () => {
  const { deps, incident } = await setUp();
  await deps.incidents.apply(incident.id, { impact: 'later', severity: 'sev2' }, 20, new Date());
  await deps.incidents.apply(incident.id, { impact: 'earlier', roles: { lead: 'U2' } }, 10, new Date());
  expect(await deps.incidents.findById(incident.id)).toMatchObject({ impact: 'later', severity: 'sev2', roles: { lead: 'U2' } });
  // The same change applied again changes nothing and fails nothing.
  await deps.incidents.apply(incident.id, { impact: 'later' }, 20, new Date());
  expect((await deps.incidents.findById(incident.id))?.impact).toBe('later');
});
