import { createIncidents } from '../../src/db/incidents';
import type { Database } from '../../src/db/connection';
import { dropTestDatabase, openTestDatabase } from '../support/database';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('stages');
});
afterAll(() => dropTestDatabase(db));

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

it('records the first time each response stage was reached, never a later one', async () => {
  const incidents = createIncidents(db.models.incidents);
  const incident = await incidents.create({ number: 1, title: 't', channelId: 'CSTAGES', channelName: 'inc-1-t', declaredAt: at(0), declaredBy: 'U1' });
  expect(incident.reached).toBeUndefined();
  await incidents.apply(incident.id, { severity: 'sev2' }, 1, at(1));
  expect((await incidents.findById(incident.id))?.reached).toBeUndefined();
  await incidents.apply(incident.id, { roles: { lead: 'U2' } }, 2, at(3));
  await incidents.apply(incident.id, { phase: 'identified' }, 3, at(10));
  await incidents.apply(incident.id, { phase: 'investigating' }, 4, at(12));
  await incidents.apply(incident.id, { phase: 'identified' }, 5, at(15));
  await incidents.markClosed(incident.id, at(40), 'U1', 'cmd:close');
  const reached = (await incidents.findById(incident.id))?.reached;
  expect(reached).toEqual({ acknowledge: at(3), identify: at(10), resolve: at(40) });
  // The phase's milestone is the last time it was entered; the figures take the first.
  expect((await incidents.findById(incident.id))?.milestones.identified).toEqual(at(15));
});

it('counts a lead named at declaration as acknowledged then', async () => {
  const incidents = createIncidents(db.models.incidents);
  const incident = await incidents.create({ number: 2, title: 't', channelId: 'CSTAGES2', channelName: 'inc-2-t', declaredAt: at(0), declaredBy: 'U1', roles: { lead: 'U3' } });
  expect(incident.reached).toEqual({ acknowledge: at(0) });
});
