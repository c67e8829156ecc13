import { Types } from 'mongoose';
import type { Database } from '../../src/db/connection';
import { createCounters } from '../../src/db/counters';
import { createPostmortems, KEPT_VERSIONS } from '../../src/db/postmortems';
import { dropTestDatabase, openTestDatabase } from '../support/database';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('versions');
});
afterAll(() => dropTestDatabase(db));

test(`an incident keeps its latest ${KEPT_VERSIONS} draft versions, whatever the number of drafts`, async () => {
  const postmortems = createPostmortems(db.models.postmortems, createCounters(db.models.counters));
  const incidentId = new Types.ObjectId().toHexString();
  const other = new Types.ObjectId().toHexString();
  const draft = (id: string, n: number) => ({ incidentId: id, markdown: `# v${n}`, generatedAt: new Date(), generatedBy: 'U1', template: 't.hbs' });
  await postmortems.addVersion(draft(other, 1), 'job:other');
  for (let n = 1; n <= KEPT_VERSIONS + 5; n++) await postmortems.addVersion(draft(incidentId, n), `job:${n}`);
  const kept = (await db.models.postmortems.find({ incidentId: new Types.ObjectId(incidentId) }, { version: 1 }).sort({ version: 1 }).lean()).map((d) => d.version);
  expect(kept).toEqual(Array.from({ length: KEPT_VERSIONS }, (_, i) => i + 6));
  expect((await postmortems.latest(incidentId))?.markdown).toBe(`# v${KEPT_VERSIONS + 5}`);
  expect(await postmortems.latest(other)).toMatchObject({ version: 1 });
});
