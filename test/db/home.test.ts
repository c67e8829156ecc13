import type { Database } from '../../src/db/connection';
import { createHomeStore } from '../../src/db/home';
import { computeResponseFigures } from '../../src/domain/responseFigures';
import { dropTestDatabase, openTestDatabase } from '../support/database';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('home');
});
afterAll(() => dropTestDatabase(db));

const draft = (n: number, version: number, minute: number) => ({
  incidentId: `i${n}`,
  incidentNumber: n,
  title: `Incident ${n}`,
  channelId: `C${n}`,
  version,
  generatedAt: new Date(Date.UTC(2026, 10, 2, 9, minute)),
});

test('recent drafts: one per incident, newest first, the latest version of each, none lost when stored at once', async () => {
  const home = createHomeStore(db.models);
  await home.draftStored(draft(1, 1, 0));
  await home.draftStored(draft(2, 1, 5));
  await home.draftStored(draft(1, 2, 10));
  // A version stored late (a retried job) does not push out a newer one of the same incident.
  await home.draftStored(draft(1, 1, 0));
  // Several replicas storing drafts at the same moment: each lands.
  await Promise.all([3, 4, 5, 6].map((n) => home.draftStored(draft(n, 1, 20 + n))));
  const listed = (await home.recentDrafts()).map((d) => `#${d.incidentNumber} v${d.version}`);
  expect(listed).toEqual(['#6 v1', '#5 v1', '#4 v1', '#3 v1', '#1 v2', '#2 v1']);
});

test('stored figures are never replaced by an older computation', async () => {
  const home = createHomeStore(db.models);
  expect(await home.figures()).toBeNull();
  const newer = computeResponseFigures([], new Date(Date.UTC(2026, 10, 2, 10)), [30], 2);
  const older = computeResponseFigures([], new Date(Date.UTC(2026, 10, 2, 9)), [90], 2);
  await home.saveFigures(newer);
  await home.saveFigures(older);
  expect(await home.figures()).toEqual(newer);
});

test('viewers: the people who opened App Home lately, most recent first', async () => {
  const home = createHomeStore(db.models);
  await home.opened('U1', new Date(Date.UTC(2026, 10, 2, 9, 0)));
  await home.opened('U2', new Date(Date.UTC(2026, 10, 2, 9, 30)));
  await home.opened('U1', new Date(Date.UTC(2026, 10, 2, 9, 40)));
  await home.opened('U3', new Date(Date.UTC(2026, 10, 2, 8, 0)));
  expect(await home.viewersSince(new Date(Date.UTC(2026, 10, 2, 8, 30)), 10)).toEqual(['U1', 'U2']);
});

test('an uploaded draft on the list gets its link; one no longer listed changes nothing', async () => {
  const home = createHomeStore(db.models);
  await home.draftUploaded('i6', 1, 'https://x.slack.com/files/U1/F6/pm.md');
  await home.draftUploaded('i1', 1, 'https://x.slack.com/files/U1/F1/old.md');
  const drafts = await home.recentDrafts();
  expect(drafts.find((d) => d.incidentId === 'i6')?.permalink).toBe('https://x.slack.com/files/U1/F6/pm.md');
  expect(drafts.find((d) => d.incidentId === 'i1')).toEqual(expect.objectContaining({ version: 2 }));
  expect(drafts.find((d) => d.incidentId === 'i1')?.permalink).toBeUndefined();
});
