import type { Channel, User } from '../support/slack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

/** Timeline reactions: the entry's time is the message's own, and Slack's redeliveries change nothing. */
describe('timeline reactions', () => {
  let t: TestApp;
  let erin: User;
  let incidentChannel: Channel;
  let other: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'reactions' });
    erin = t.standIn.addUser({ name: 'erin', realName: 'Erin Evans' });
    other = t.standIn.addChannel({ name: 'random', members: [erin.id] });
    const res = await t.command(erin.id, other.id, 'start Queue backlog');
    await res.nextResponse();
    const channel = t.standIn.channelByName('inc-1-queue-backlog');
    if (!channel) throw new Error('incident channel missing');
    incidentChannel = channel;
    incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const notes = async () => (await t.repos.timeline.list(incidentId)).filter((e) => e.kind === 'note');

  it('records a message the bot never saw, reading it from the channel history', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'consumer lag 2h', { deliver: false });
    const reacted = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    expect(reacted.delivery?.status).toBe(200);
    expect((await notes()).map((n) => [n.text, n.messageTs])).toEqual([['consumer lag 2h', posted.event.ts]]);
    expect(t.standIn.callsTo('conversations.history')).toHaveLength(1);
  });

  it('records a thread reply from the transcript, with its thread', async () => {
    const parent = await t.standIn.userPosts(erin.id, incidentChannel.id, 'status?');
    const reply = await t.standIn.userPosts(erin.id, incidentChannel.id, 'workers restarted at 10:05', {
      threadTs: String(parent.event.ts),
    });
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(reply.event.ts), 'pushpin');
    expect(await notes()).toEqual([
      expect.objectContaining({ text: 'workers restarted at 10:05', messageTs: reply.event.ts, threadTs: parent.event.ts }),
    ]);
    expect(t.standIn.callsTo('conversations.history')).toHaveLength(0);
  });

  it('keeps one entry when Slack delivers the same event four times, and when someone else reacts too', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'rolled back to v41');
    const first = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    for (let retry = 1; retry <= 3; retry++) {
      const again = await t.standIn.deliverEvent(first.event, { eventId: first.eventId, retryNum: retry, retryReason: 'http_timeout' });
      expect(again.delivery.status).toBe(200);
    }
    const frank = t.standIn.addUser({ name: 'frank' });
    t.standIn.state.join(incidentChannel, frank.id);
    const second = await t.standIn.userReacts(frank.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    expect(second.delivery?.status).toBe(200);
    expect(await notes()).toEqual([expect.objectContaining({ text: 'rolled back to v41', messageTs: posted.event.ts })]);
  });

  it('ignores other emoji and reactions outside incident channels', async () => {
    const inIncident = await t.standIn.userPosts(erin.id, incidentChannel.id, 'lunch?');
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(inIncident.event.ts), 'tada');
    const elsewhere = await t.standIn.userPosts(erin.id, other.id, 'unrelated chatter');
    const res = await t.standIn.userReacts(erin.id, other.id, String(elsewhere.event.ts), 'pushpin');
    expect(res.delivery?.status).toBe(200);
    expect(await notes()).toEqual([]);
    expect(await t.db.models.transcript.countDocuments({ channelId: other.id })).toBe(0);
  });

  it('answers 500 when the entry cannot be stored, so Slack delivers it again', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'db failover started');
    await t.db.close();
    const res = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    expect(res.delivery?.status).toBe(500);
  });
});
