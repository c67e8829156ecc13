import { createInbox } from '../../src/db/inbox';
import { createOutbox } from '../../src/db/outbox';
import { freePort } from '../support/botProcess';
import { sample, scrape } from '../support/metrics';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, testDatabaseUri, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/** GET /metrics and /readyz through the real app: what a Prometheus server and a load balancer read. */
describe('GET /metrics', () => {
  let t: TestApp;
  let clock: number;
  let ann: User;
  let general: Channel;
  let channel: Channel;
  const metricsUrl = () => t.appUrl.replace('/slack/events', '/metrics');
  const read = async () => {
    const res = await scrape(metricsUrl());
    expect(res.status).toBe(200);
    return res.text;
  };
  const run = async (text: string) => {
    const res = await t.command(ann.id, channel.id, text);
    expect(res.http.status).toBe(200);
  };

  beforeEach(async () => {
    t = await startTestApp({ label: 'metrics' });
    clock = Date.UTC(2024, 4, 2, 8, 0, 0) / 1000;
    t.standIn.setClock(() => clock);
    ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    general = t.standIn.addChannel({ name: 'general', members: [ann.id] });
    await (await t.command(ann.id, general.id, 'start sev2 Checkout down')).nextResponse();
    const found = t.standIn.channelByName('inc-1-checkout-down');
    if (!found) throw new Error('incident channel missing');
    channel = found;
  });
  afterEach(() => t.stop());

  it('counts commands and channel events received and applied, and Prometheus can read it', async () => {
    const first = await scrape(metricsUrl());
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(first.text, 'incident_bot_events_received_total', { kind: 'command', outcome: 'stored' })).toBe(1);
    expect(sample(first.text, 'incident_bot_events_applied_total', { kind: 'command' })).toBe(1);
    expect(sample(first.text, 'incident_bot_events_received_total', { kind: 'channel_event', outcome: 'stored' })).toBeUndefined();

    const posted = await t.standIn.userPosts(ann.id, channel.id, 'payments returning 502');
    const reacted = await t.standIn.userReacts(ann.id, channel.id, String(posted.event.ts), 'pushpin');
    // Slack sends the reaction again (its answer was lost): stored once, counted as a duplicate.
    await t.standIn.deliverEvent(reacted.event, { eventId: reacted.eventId, retryNum: 1, retryReason: 'http_timeout' });
    await run('note rolled back deploy 42');

    const text = await read();
    expect(sample(text, 'incident_bot_events_received_total', { kind: 'channel_event', outcome: 'stored' })).toBe(2);
    expect(sample(text, 'incident_bot_events_received_total', { kind: 'channel_event', outcome: 'duplicate' })).toBe(1);
    expect(sample(text, 'incident_bot_events_applied_total', { kind: 'channel_event' })).toBe(2);
    expect(sample(text, 'incident_bot_events_received_total', { kind: 'command', outcome: 'stored' })).toBe(2);
    expect(sample(text, 'incident_bot_events_applied_total', { kind: 'command' })).toBe(2);
    expect(sample(text, 'incident_bot_open_incidents', { severity: 'sev2' })).toBe(1);
    expect(sample(text, 'incident_bot_open_incidents', { severity: 'sev1' })).toBe(0);
    expect(sample(text, 'incident_bot_inbox_pending')).toBe(0);
    expect(sample(text, 'incident_bot_outbox_pending')).toBe(0);
  });

  it('observes time to acknowledge, identify, mitigate and resolve once each, by severity, as the status changes', async () => {
    const count = (text: string, step: string) => sample(text, `incident_bot_time_to_${step}_seconds_count`, { severity: 'sev2' });
    const sum = (text: string, step: string) => sample(text, `incident_bot_time_to_${step}_seconds_sum`, { severity: 'sev2' });
    expect(count(await read(), 'acknowledge')).toBe(0);

    clock += 600;
    await run('status identified');
    let text = await read();
    expect([count(text, 'acknowledge'), sum(text, 'acknowledge')]).toEqual([1, 600]);
    expect([count(text, 'identify'), sum(text, 'identify')]).toEqual([1, 600]);
    expect(count(text, 'mitigate')).toBe(0);
    expect(sample(text, 'incident_bot_time_to_identify_seconds_bucket', { severity: 'sev2', le: '600' })).toBe(1);
    expect(sample(text, 'incident_bot_time_to_identify_seconds_bucket', { severity: 'sev2', le: '300' })).toBe(0);

    // Back and forth: identified again is not a first time; a lead later is not a first acknowledgement.
    clock += 60;
    await run('status investigating');
    await run('status identified');
    await run(`lead <@${ann.id}|ann>`);
    // Straight to resolved: mitigation is reached too (a fix is in), at the same time.
    clock += 1200;
    await run('status resolved');
    text = await read();
    expect([count(text, 'acknowledge'), count(text, 'identify')]).toEqual([1, 1]);
    expect([count(text, 'mitigate'), sum(text, 'mitigate')]).toEqual([1, 1860]);
    expect([count(text, 'resolve'), sum(text, 'resolve')]).toEqual([1, 1860]);
    expect(count(text, 'resolve')).toBe(1);
  });

  it('times the draft, and counts outbox failures by Slack error and 429s by method', async () => {
    t.standIn.faults.failNext('chat.update', { status: 429, retryAfter: 1 });
    t.standIn.faults.failNext('chat.postMessage', { error: 'internal_error' });
    await run('severity sev1');
    await waitUntil(() => t.standIn.callsTo('chat.update').some((c) => !c.failed), { timeoutMs: 10_000, message: 'the summary was never edited' });
    let text = await read();
    expect(sample(text, 'incident_bot_slack_rate_limited_total', { method: 'chat.update' })).toBe(1);
    expect(sample(text, 'incident_bot_outbox_failures_total', { code: 'ratelimited' })).toBe(1);
    expect(sample(text, 'incident_bot_outbox_failures_total', { code: 'internal_error' })).toBe(1);
    expect(sample(text, 'incident_bot_draft_generation_seconds_count')).toBe(0);

    await run('close fixed by rollback');
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 10_000, message: 'no draft uploaded' });
    text = await read();
    expect(sample(text, 'incident_bot_draft_generation_seconds_count')).toBe(1);
    expect(sample(text, 'incident_bot_open_incidents', { severity: 'sev1' })).toBe(0);
  });

  it('shows what waits in the inbox and the outbox, and since when', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms);
    const inFuture = new Date(Date.now() + 3_600_000);
    // Held elsewhere (another replica's lease runs an hour): the sweepers leave them be.
    await createInbox(t.db.models.inbox).store({ id: 'evt:stuck', payload: {}, order: 1 }, ago(300_000), { token: 'r9:1', owner: 'r9', until: inFuture }, 2000);
    const outbox = createOutbox(t.db.models.outbox);
    await outbox.enqueue([{ id: 'job:stuck', effect: { type: 'post', channelId: channel.id, notice: { kind: 'reminder', quietMinutes: 5 } } }], ago(120_000));
    expect(await outbox.claim('job:stuck', { token: 'r9:2', owner: 'r9', until: inFuture }, new Date())).not.toBeNull();

    const text = await read();
    expect(sample(text, 'incident_bot_inbox_pending')).toBe(1);
    expect(sample(text, 'incident_bot_inbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(300);
    expect(sample(text, 'incident_bot_inbox_oldest_pending_seconds')).toBeLessThan(3600);
    expect(sample(text, 'incident_bot_outbox_pending')).toBe(1);
    expect(sample(text, 'incident_bot_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(120);
    expect(sample(text, 'incident_bot_outbox_oldest_due_seconds')).toBeLessThan(3600);
  });

  it('GET /readyz: 200 while the database answers and the jobs run; 503 when the jobs stop, or the database', async () => {
    const readyUrl = t.appUrl.replace('/slack/events', '/readyz');
    const ready = await fetch(readyUrl);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true, database: 'up', jobs: 'running' }]);

    await t.bot.scheduler.stop();
    const noJobs = await fetch(readyUrl);
    expect([noJobs.status, await noJobs.json()]).toEqual([503, { ok: false, database: 'up', jobs: 'stopped' }]);
    // Liveness is another question: the process is alive and its database answers.
    expect((await fetch(t.appUrl.replace('/slack/events', '/healthz'))).status).toBe(200);

    await t.db.close();
    const down = await fetch(readyUrl);
    expect([down.status, await down.json()]).toEqual([503, { ok: false, database: 'down', jobs: 'stopped' }]);
    // A scrape still answers; what it could not read is NaN (unknown), not 0.
    const text = await read();
    expect(sample(text, 'incident_bot_events_applied_total', { kind: 'command' })).toBe(1);
    expect(sample(text, 'incident_bot_inbox_pending')).toBeNaN();
    expect(sample(text, 'incident_bot_outbox_oldest_due_seconds')).toBeNaN();
    expect(sample(text, 'incident_bot_open_incidents', { severity: 'sev2' })).toBeUndefined();
  });
});

describe('GET /metrics and /readyz in Socket Mode', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ label: 'metrics-socket', socketMode: true, env: { PORT: String(port) } });
    await t.standIn.socketMode.connected();
  });
  afterAll(async () => {
    await t.db.connection.openUri(testDatabaseUri(), { dbName: t.db.connection.name }).catch(() => undefined);
    await t.stop();
  });

  it('are served on PORT although Slack reaches the bot over its socket', async () => {
    expect(t.appUrl).toBe('');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const { status, text } = await scrape(`http://127.0.0.1:${port}/metrics`);
    expect(status).toBe(200);
    expect(sample(text, 'incident_bot_inbox_pending')).toBe(0);
    expect(sample(text, 'incident_bot_open_incidents', { severity: 'none' })).toBe(0);
  });
});
