import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/db/connection';
import { createJobLocks } from '../../src/db/jobLocks';
import { Scheduler } from '../../src/jobs/scheduler';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// Two replicas share the scheduled jobs through the real database: a job never runs on both
// at once, and a job that keeps failing never stops another.

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase('scheduler');
});
afterAll(() => dropTestDatabase(db));

test('replicas never run one job at the same time, and a failing job never stops the others', async () => {
  const runs: Array<{ replica: number; start: number; end: number }> = [];
  let failures = 0;
  const replicas = [1, 2].map((replica) => {
    const scheduler = new Scheduler({ locks: createJobLocks(db.models.jobLocks), owner: `replica-${replica}`, now: () => new Date(), log: { error: () => undefined, debug: () => undefined } });
    const jobs = [
      {
        name: 'slow',
        everyMs: 250,
        run: async () => {
          const start = Date.now();
          await sleep(150);
          runs.push({ replica, start, end: Date.now() });
        },
      },
      {
        name: 'broken',
        everyMs: 250,
        run: async () => {
          failures += 1;
          throw new Error('always fails');
        },
      },
    ];
    return { scheduler, jobs };
  });
  for (const r of replicas) r.scheduler.start(r.jobs);
  await sleep(3000);
  for (const r of replicas) await r.scheduler.stop();

  expect(runs.length).toBeGreaterThanOrEqual(4);
  expect(failures).toBeGreaterThanOrEqual(4);
  const sorted = [...runs].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]?.start).toBeGreaterThanOrEqual(sorted[i - 1]?.end ?? 0);
});

test('a job marked runAtStart runs as the scheduler starts, once across replicas; the others wait for their interval', async () => {
  const ran: string[] = [];
  const replicas = [1, 2].map((replica) => new Scheduler({ locks: createJobLocks(db.models.jobLocks), owner: `starter-${replica}`, now: () => new Date(), log: { error: () => undefined, debug: () => undefined } }));
  const jobs = (replica: number) => [
    { name: 'figures-at-start', everyMs: 60_000, runAtStart: true, run: async () => void ran.push(`figures by ${replica}`) },
    { name: 'later', everyMs: 60_000, run: async () => void ran.push(`later by ${replica}`) },
  ];
  replicas.forEach((s, i) => s.start(jobs(i + 1)));
  await sleep(1000);
  for (const s of replicas) await s.stop();
  expect(ran).toHaveLength(1);
  expect(ran[0]).toMatch(/^figures by [12]$/);
});
