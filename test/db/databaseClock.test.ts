import type { Database } from '../../src/db/connection';
import { createDatabaseClock, describeSkew } from '../../src/db/databaseClock';
import { dropTestDatabase, openTestDatabase } from '../support/database';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('clock');
});
afterAll(() => dropTestDatabase(db));

test('a machine clock 45 s ahead or 30 s behind is corrected to the database time', async () => {
  for (const offset of [45_000, -30_000]) {
    const clock = createDatabaseClock(db.connection, () => new Date(Date.now() + offset));
    const skew = await clock.measure();
    // The test database runs on this machine: its time is the real one, within a round trip.
    expect(Math.abs(skew - offset)).toBeLessThan(1_000);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
  }
});

test('the log line says how far apart the clocks are, and warns past what is tolerated', () => {
  expect(describeSkew(45_000, 2_000)).toEqual({
    level: 'warn',
    line: "clock: this machine's clock is 45000 ms ahead of the database's (more than 2000 ms): the bot keeps time by the database, but fix this machine's clock (NTP)",
  });
  expect(describeSkew(-3, 2_000)).toEqual({ level: 'info', line: "clock: this machine's clock is 3 ms behind the database's; the bot keeps time by the database" });
});
