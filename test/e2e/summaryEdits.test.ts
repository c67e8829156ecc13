import { formatClock } from '../../src/slack/presenters/summary';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * The pinned summary is one outbox job edited again and again for the life of an incident. Its
 * failures are counted per streak: a long incident with a rate limit now and then keeps its summary
 * up to date to the end.
 */
describe('the summary job over a long incident', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ label: 'summary-edits' });
  });
  afterAll(() => t.stop());

  it('survives 200 edits with a rate limit before each, and shows the last change', async () => {
    let clock = Date.UTC(2024, 2, 5, 9, 0, 0) / 1000;
    t.standIn.setClock(() => clock);
    const ivy = t.standIn.addUser({ name: 'ivy', realName: 'Ivy Ito' });
    const ops = t.standIn.addChannel({ name: 'ops', members: [ivy.id] });
    await (await t.command(ivy.id, ops.id, 'start Long incident')).nextResponse();
    const channel = t.standIn.channelByName('inc-1-long-incident');
    if (!channel) throw new Error('no incident channel');
    const posted = await t.standIn.userPosts(ivy.id, channel.id, 'watching the error rate');
    const ts = String(posted.event.ts);
    const updatesBefore = t.standIn.callsTo('chat.update').length;
    // The 429s are injected one per edit below; Slack's own per-minute tier would only slow the test.
    t.standIn.faults.setRateLimits(false);

    for (let i = 0; i < 200; i++) {
      clock += 60;
      // Slack limits the next edit; it says to try again at once.
      t.standIn.faults.failNext('chat.update', { status: 429, retryAfter: 0 });
      if (i % 2 === 0) await t.standIn.userReacts(ivy.id, channel.id, ts, 'pushpin');
      else await t.standIn.userUnreacts(ivy.id, channel.id, ts, 'pushpin');
    }
    await t.settle();

    const updates = t.standIn.callsTo('chat.update').slice(updatesBefore);
    expect(updates.filter((c) => c.status === 429).length).toBe(200);
    expect(updates.filter((c) => c.status === 200 && !c.failed).length).toBe(200);
    const incident = await t.repos.incidents.findByChannel(channel.id);
    const summary = JSON.stringify(t.standIn.message(channel.id, incident?.summaryTs ?? '')?.blocks);
    expect(summary).toContain(`Last update ${formatClock(new Date(clock * 1000), 'UTC')}`);
    const job = await t.db.models.outbox.findById(`summary:${incident?.id}`).lean();
    expect(job?.state).not.toBe('dead');
  }, 300_000);
});
