import { startTestApp, type TestApp } from '../support/testApp';

describe('GET /healthz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ label: 'health' });
  });
  afterAll(() => t.stop());

  const healthUrl = () => t.appUrl.replace('/slack/events', '/healthz');

  it('answers 200 while the database answers, 503 once it does not', async () => {
    const up = await fetch(healthUrl());
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, database: 'up' });

    await t.db.close();
    const down = await fetch(healthUrl());
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, database: 'down' });
  });
});
