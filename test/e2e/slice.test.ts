import { asFallback, asShownTo } from '../../src/localSlack/dateTokens';
import { slackTsToDate } from '../../src/domain/slackTime';
import type { User, Channel } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/**
 * The thin slice, end to end: /incident start → a message marked with the
 * timeline emoji → /incident close → a stored and uploaded postmortem draft.
 */
describe('from /incident start to a stored postmortem', () => {
  let t: TestApp;
  let clock: number;
  let alice: User;
  let bob: User;
  let general: Channel;

  beforeAll(async () => {
    t = await startTestApp({ label: 'slice', env: { INCIDENT_TIMEZONE: 'America/New_York' } });
    clock = Date.UTC(2024, 6, 10, 14, 0, 20) / 1000; // 10:00:20 AM EDT
    t.standIn.setClock(() => clock);
    alice = t.standIn.addUser({ name: 'alice', realName: 'Alice Archer', displayName: 'alice.a' });
    bob = t.standIn.addUser({ name: 'bob', realName: 'Bob Baker' });
    general = t.standIn.addChannel({ name: 'general', members: [alice.id, bob.id] });
  });
  afterAll(() => t.stop());

  it('declares, records a reacted message at its own time, and closes with a draft', async () => {
    // Declare
    const start = await t.command(alice.id, general.id, 'start Checkout API returns 500s for EU customers');
    expect(start.http.status).toBe(200);
    expect(start.ack?.response_type).toBe('ephemeral');
    const declared = await start.nextResponse();
    const channel = t.standIn.channelByName('inc-1-checkout-api-returns-500s-for-eu-customers');
    if (!channel) throw new Error('no incident channel named after the title');
    expect(declared.text).toBe(`Incident #1 declared: <#${channel.id}>. You are in the channel.`);
    expect(channel.members).toEqual(expect.arrayContaining([alice.id, t.standIn.botUserId]));
    expect(channel.topic.value).toBe('Incident #1: Checkout API returns 500s for EU customers');

    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(incident).toMatchObject({ number: 1, status: 'open', declaredBy: alice.id, title: 'Checkout API returns 500s for EU customers' });
    expect(incident?.declaredAt.toISOString()).toBe('2024-07-10T14:00:20.000Z');
    expect(t.standIn.pins(channel.id)).toEqual([incident?.summaryTs]);
    const summaryTs = incident?.summaryTs ?? '';
    const summary = JSON.stringify(t.standIn.message(channel.id, summaryTs)?.blocks);
    expect(summary).toContain('Incident #1: Checkout API returns 500s for EU customers');
    // Times are Slack date tokens: each reader sees their own zone; the fallback is in INCIDENT_TIMEZONE.
    expect(asFallback(summary)).toContain('Last update Jul 10, 10:00 AM EDT');
    expect(asShownTo(summary, 'Europe/London', new Date('2024-07-10T15:00:00Z'))).toContain('Last update Today 3:00 PM');
    expect(t.standIn.callsTo('chat.update')).toEqual([]);

    // Bob joins; people talk, and one message is marked for the timeline
    t.standIn.state.join(channel, bob.id);
    clock += 29 * 60;
    const observed = await t.standIn.userPosts(bob.id, channel.id, 'Error rate is 40% on checkout-api since 09:58');
    clock += 60;
    await t.standIn.userPosts(alice.id, channel.id, 'looking at the deploy log');
    clock += 60;
    const reaction = await t.standIn.userReacts(alice.id, channel.id, observed.event.ts as string, 'pushpin');
    expect(reaction.delivery?.status).toBe(200);
    // The reaction alone brings the pinned summary up to date: one edit in place, made then, not at close.
    expect(t.standIn.callsTo('chat.update').map((c) => [c.args.ts, c.failed, c.at])).toEqual([[summaryTs, false, clock]]);
    const afterReaction = JSON.stringify(t.standIn.message(channel.id, summaryTs)?.blocks);
    expect(asFallback(afterReaction)).toContain('Last update Jul 10, 10:31 AM EDT');
    expect(afterReaction).toContain('*Elapsed*\\n31 minutes');

    const entries = await t.repos.timeline.list(incident?.id ?? '');
    expect(entries.map((e) => e.kind)).toEqual(['declared', 'note']);
    const note = entries[1];
    expect(note).toMatchObject({
      authorId: bob.id,
      authorName: 'Bob Baker',
      text: 'Error rate is 40% on checkout-api since 09:58',
      messageTs: observed.event.ts,
    });
    expect(note?.at.getTime()).toBe(slackTsToDate(String(observed.event.ts)).getTime());
    expect(note?.at.toISOString()).toBe('2024-07-10T14:29:20.000Z');
    expect(note?.permalink).toContain(channel.id);
    // The text came from the transcript the bot keeps, not from an extra history call.
    expect(t.standIn.callsTo('conversations.history')).toHaveLength(0);

    // Close
    clock = Date.UTC(2024, 6, 10, 16, 45, 5) / 1000; // 12:45 PM EDT
    const close = await t.command(alice.id, channel.id, 'close');
    expect(close.http.status).toBe(200);
    const file = await waitUntil(() => t.standIn.files.find((f) => f.completed), { message: 'no postmortem uploaded' });
    expect(file.filename).toBe('postmortem-inc-1-checkout-api-returns-500s-for-eu-customers.md');
    expect(file.channels).toEqual([channel.id]);
    const markdown = file.content.toString('utf8');
    expect(markdown).toContain('# Postmortem: Checkout API returns 500s for EU customers on July 10, 2024');
    expect(markdown).toContain('**Duration**: 10:00 AM to 12:45 PM EDT (2 hours and 45 minutes)');
    expect(markdown).toContain('- **10:29 AM** — Error rate is 40% on checkout-api since 09:58 (Bob Baker)');
    expect(markdown).toContain('- **10:00 AM** — Incident declared: Checkout API returns 500s for EU customers (Alice Archer)');
    expect(markdown).not.toContain('looking at the deploy log'); // not marked, not in the timeline
    const shared = t.standIn.messages(channel.id).find((m) => m.files?.some((f) => f.id === file.id));
    expect(shared?.text).toContain('Postmortem draft v1');

    await t.settle();
    const closed = await t.repos.incidents.findByChannel(channel.id);
    expect(closed).toMatchObject({ status: 'closed', closedBy: alice.id, latestPostmortemVersion: 1 });
    const draft = await t.repos.postmortems.latest(closed?.id ?? '');
    expect(draft).toMatchObject({ version: 1, generatedBy: alice.id, markdown });
    expect(draft?.template).toMatch(/templates\/postmortem\.md\.hbs$/);
    // The pinned summary was edited in place again at close, never posted again.
    const atClose = t.standIn.callsTo('chat.update').slice(1);
    expect(atClose.length).toBeGreaterThan(0);
    expect(atClose.map((c) => [c.args.ts, c.failed, c.at])).toEqual(atClose.map(() => [summaryTs, false, clock]));
    expect(t.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id && JSON.stringify(c.args.blocks ?? '').includes('header'))).toHaveLength(1);
    expect(asFallback(JSON.stringify(t.standIn.message(channel.id, summaryTs)?.blocks))).toContain('Closed Jul 10, 12:45 PM EDT');
  });

  it('answers a second close with an ephemeral message and makes no second draft', async () => {
    const channel = t.standIn.channelByName('inc-1-checkout-api-returns-500s-for-eu-customers');
    const again = await t.command(alice.id, channel?.id ?? '', 'close');
    const answer = await again.nextResponse();
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: 'Incident #1 is already closed.' });
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
  });
});
