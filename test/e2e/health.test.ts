import { freePort } from '../support/botProcess';
import { startTestApp, testDatabaseUri, type TestApp } from '../support/testApp';

/** What an orchestrator's probe reads: 200 while the database answers, 503 once it does not, in either mode. */
async function expectUpThenDown(t: TestApp, healthUrl: string): Promise<void> {
  const up = await fetch(healthUrl);
  expect(up.status).toBe(200);
  expect(await up.json()).toEqual({ ok: true, database: 'up' });

  await t.db.close();
  const down = await fetch(healthUrl);
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ ok: false, database: 'down' });
}

describe('GET /healthz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ label: 'health' });
  });
  afterAll(() => t.stop());

  it('answers 200 while the database answers, 503 once it does not', async () => {
    await expectUpThenDown(t, t.appUrl.replace('/slack/events', '/healthz'));
  });
});

describe('GET /healthz in Socket Mode', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ label: 'health-socket', socketMode: true, env: { PORT: String(port) } });
    await t.standIn.socketMode.connected();
  });
  afterAll(async () => {
    // Open again before stopping: stopped at once with its database closed, the Socket Mode client is still
    // disconnecting when the stand-in goes away, and reconnects (test/e2e/socketMode.test.ts does the same).
    await t.db.connection.openUri(testDatabaseUri(), { dbName: t.db.connection.name });
    await t.stop();
  });

  it('is served on PORT although Slack reaches the bot over its socket, with the same answers', async () => {
    expect(t.appUrl).toBe('');
    await expectUpThenDown(t, `http://127.0.0.1:${port}/healthz`);

  });
});
