import { startTestApp, type TestApp } from '../support/testApp';
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
});
