import { startTestApp, testDatabaseUri, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/** With SLACK_APP_TOKEN set, the same bot runs over Socket Mode: no public URL, same behaviour. */
describe('Socket Mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ label: 'socket', socketMode: true });
    await t.standIn.socketMode.connected();
  });
  afterAll(() => t.stop());

  it('declares an incident from a slash command envelope and records a reaction event', async () => {
    const gus = t.standIn.addUser({ name: 'gus', realName: 'Gus Grant' });
    const ops = t.standIn.addChannel({ name: 'ops', members: [gus.id] });
    expect(t.standIn.callsTo('apps.connections.open').map((c) => c.failed)).toEqual([false]);

    const responseUrl = t.standIn.newResponseUrl();
    const ack = await t.standIn.socketMode.send('slash_commands', {
      command: '/incident',
      text: 'start Socket incident',
      user_id: gus.id,
      channel_id: ops.id,
      team_id: 'T0001',
      response_url: responseUrl,
      trigger_id: '1.2.3',
    });
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Declaring the incident') });
    const declared = await waitUntil(() => t.standIn.responses.find((r) => responseUrl.endsWith(`/${r.id}`)));
    const channel = t.standIn.channelByName('inc-1-socket-incident');
    expect(declared.body).toMatchObject({ text: `Incident #1 declared: <#${channel?.id}>. You are in the channel.` });
    if (!channel) return;
    await t.settle(); // the invite is an effect of its own, delivered beside the reply

    const posted = await t.standIn.userPosts(gus.id, channel.id, 'cache cluster evicting hot keys', { deliver: false });
    const reacted = await t.standIn.userReacts(gus.id, channel.id, String(posted.event.ts), 'pushpin', { deliver: false });
    for (const { event, eventId } of [posted, reacted]) {
      await t.standIn.socketMode.send('events_api', { type: 'event_callback', team_id: 'T0001', event_id: eventId, event });
    }
    const incident = await t.repos.incidents.findByChannel(channel.id);
    const notes = await waitUntil(async () => {
      const entries = (await t.repos.timeline.list(incident?.id ?? '')).filter((e) => e.kind === 'note');
      return entries.length > 0 ? entries : undefined;
    });
    expect(notes.map((n) => [n.text, n.authorName])).toEqual([['cache cluster evicting hot keys', 'Gus Grant']]);
  });

  it('recovers by reconciliation an event whose handling failed after Bolt acked it', async () => {
    const hal = t.standIn.addUser({ name: 'hal', realName: 'Hal Hughes' });
    const ops = t.standIn.addChannel({ name: 'ops2', members: [hal.id] });
    const responseUrl = t.standIn.newResponseUrl();
    await t.standIn.socketMode.send('slash_commands', {
      command: '/incident', text: 'start Lost event', user_id: hal.id, channel_id: ops.id, team_id: 'T0001', response_url: responseUrl, trigger_id: '4.5.6',
    });
    await waitUntil(() => t.standIn.responses.find((r) => responseUrl.endsWith(`/${r.id}`)));
    await t.settle();
    const channel = t.standIn.channelByName('inc-2-lost-event');
    if (!channel) throw new Error('no incident channel');
    const posted = await t.standIn.userPosts(hal.id, channel.id, 'shard 7 is read-only', { deliver: false });
    const reacted = await t.standIn.userReacts(hal.id, channel.id, String(posted.event.ts), 'bulb', { deliver: false });

    // The database is unreachable while the event is handled: Socket Mode has acked it already, so Slack never resends it.
    const uri = testDatabaseUri();
    await t.db.connection.close();
    const ack = await t.standIn.socketMode.send('events_api', { type: 'event_callback', team_id: 'T0001', event_id: reacted.eventId, event: reacted.event });
    // Bolt acks an events_api envelope with an empty payload, whatever its listeners do: Slack will not resend it.
    expect(ack).toEqual({});
    await t.db.connection.openUri(uri, { dbName: t.db.connection.name });
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect((await t.repos.timeline.list(incident?.id ?? '')).filter((e) => e.source === 'reaction')).toEqual([]);

    const responseUrl2 = t.standIn.newResponseUrl();
    await t.standIn.socketMode.send('slash_commands', {
      command: '/incident', text: 'postmortem', user_id: hal.id, channel_id: channel.id, team_id: 'T0001', response_url: responseUrl2, trigger_id: '7.8.9',
    });
    const answer = await waitUntil(() => t.standIn.responses.find((r) => responseUrl2.endsWith(`/${r.id}`)), { timeoutMs: 10_000 });
    expect(answer.body).toMatchObject({ text: 'Postmortem draft v1 posted in the channel (1 marked message recovered from the channel history).' });
    const draft = t.standIn.files.find((f) => f.completed && f.channels.includes(channel.id))?.content.toString('utf8') ?? '';
    expect(draft).toContain('shard 7 is read-only');
    const entries = (await t.repos.timeline.list(incident?.id ?? '')).filter((e) => e.source === 'reaction');
    expect(entries.map((e) => [e.kind, e.text])).toEqual([['root_cause', 'shard 7 is read-only']]);
  });
});
