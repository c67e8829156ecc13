import type { Channel, User } from '../../src/localSlack/standInModel';
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

  it('records a reaction on a message the bot never saw without asking Slack, and takes its text from the channel at the draft', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'consumer lag 2h', { deliver: false });
    const reacted = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    expect(reacted.delivery?.status).toBe(200);
    expect((await notes()).map((n) => n.messageTs)).toEqual([posted.event.ts]);
    expect(t.standIn.callsTo('conversations.history')).toHaveLength(0);
    await t.command(erin.id, incidentChannel.id, 'postmortem');
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

  it('gives a message one entry whatever reactions it gets: the latest category wins, removing the last removes it', async () => {
    const hank = t.standIn.addUser({ name: 'hank', realName: 'Hank Hill' });
    t.standIn.state.join(incidentChannel, hank.id);
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'checked the broker disks: fine');
    const ts = String(posted.event.ts);
    const kinds = async () => (await t.repos.timeline.list(incidentId)).filter((e) => e.messageTs === ts).map((e) => e.kind);

    await t.standIn.userReacts(erin.id, incidentChannel.id, ts, 'mag');
    expect(await kinds()).toEqual(['investigation']);
    await t.standIn.userReacts(hank.id, incidentChannel.id, ts, 'x');
    expect(await kinds()).toEqual(['dead_end']);
    await t.standIn.userReacts(erin.id, incidentChannel.id, ts, 'x');
    await t.standIn.userUnreacts(hank.id, incidentChannel.id, ts, 'x');
    expect(await kinds()).toEqual(['dead_end']); // erin's ❌ is still there
    await t.standIn.userUnreacts(erin.id, incidentChannel.id, ts, 'x');
    expect(await kinds()).toEqual(['investigation']);
    await t.standIn.userUnreacts(erin.id, incidentChannel.id, ts, 'mag');
    expect(await kinds()).toEqual([]);
  });

  it.each([
    ['rotating_light', 'detection'],
    ['arrow_up', 'escalation'],
    ['bulb', 'root_cause'],
    ['wrench', 'mitigation'],
    ['white_check_mark', 'resolution'],
  ])('files a message reacted with :%s: as %s', async (emoji, kind) => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, `message for ${emoji}`);
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), emoji);
    const entry = (await t.repos.timeline.list(incidentId)).find((e) => e.messageTs === posted.event.ts);
    expect(entry).toMatchObject({ kind, source: 'reaction', text: `message for ${emoji}` });
  });

  it('turns a :memo: message into a follow-up task, and drops the task with the reaction', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'we need an alert on consumer lag');
    const ts = String(posted.event.ts);
    await t.standIn.userReacts(erin.id, incidentChannel.id, ts, 'memo');
    expect((await t.repos.actions.list(incidentId)).map((a) => [a.text, a.messageTs])).toEqual([['we need an alert on consumer lag', ts]]);
    await t.standIn.userUnreacts(erin.id, incidentChannel.id, ts, 'memo');
    expect(await t.repos.actions.list(incidentId)).toEqual([]);
  });

  it('follows edits and deletions of a recorded message', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'lag is 2h');
    const ts = String(posted.event.ts);
    await t.standIn.userReacts(erin.id, incidentChannel.id, ts, 'pushpin');
    const edited = await t.standIn.userEdits(erin.id, incidentChannel.id, ts, 'lag is 20 min');
    expect(edited.delivery?.status).toBe(200);
    expect((await notes()).map((n) => n.text)).toEqual(['lag is 20 min']);
    const deleted = await t.standIn.userDeletes(incidentChannel.id, ts);
    expect(deleted.delivery?.status).toBe(200);
    expect(await notes()).toEqual([]);
    expect(await t.bot.useCases.transcript.find(incidentChannel.id, ts)).toMatchObject({ deleted: true });
  });

  it('keeps one entry when two replicas receive the same reaction event at the same moment', async () => {
    const replica = await startTestApp({ label: 'reactions', replicaOf: t });
    try {
      const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'failover complete');
      const reacted = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'wrench', { deliver: false });
      const deliveries = await Promise.all(
        [t.appUrl, replica.appUrl, t.appUrl, replica.appUrl].map((appUrl) => {
          t.standIn.appUrl = appUrl;
          return t.standIn.deliverEvent(reacted.event, { eventId: reacted.eventId });
        }),
      );
      t.standIn.appUrl = t.appUrl;
      expect(deliveries.map((d) => d.delivery.status)).toEqual([200, 200, 200, 200]);
      const entries = (await t.repos.timeline.list(incidentId)).filter((e) => e.messageTs === posted.event.ts);
      expect(entries.map((e) => [e.kind, e.reactions])).toEqual([['mitigation', [`${erin.id}|wrench`]]]);
    } finally {
      await replica.stop();
    }
  });

  it('keeps one entry when the same reaction arrives under two event ids at once (entry keys, not only claims)', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'cache warmed');
    const reacted = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin', { deliver: false });
    await Promise.all([t.standIn.deliverEvent(reacted.event), t.standIn.deliverEvent(reacted.event)]);
    expect((await notes()).filter((n) => n.messageTs === posted.event.ts)).toHaveLength(1);
  });

  it('ignores a late redelivery of a reaction that was since removed', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'false alarm on db-2');
    const ts = String(posted.event.ts);
    const added = await t.standIn.userReacts(erin.id, incidentChannel.id, ts, 'pushpin');
    await t.standIn.userUnreacts(erin.id, incidentChannel.id, ts, 'pushpin');
    const late = await t.standIn.deliverEvent(added.event, { eventId: added.eventId, retryNum: 2, retryReason: 'http_error' });
    expect(late.delivery.status).toBe(200);
    expect(await notes()).toEqual([]);
  });

  it('reflects a reaction removed, a message edited and a reaction added while the bot was down in the draft after close', async () => {
    const kept = await t.standIn.userPosts(erin.id, incidentChannel.id, 'restarted the consumers');
    const dropped = await t.standIn.userPosts(erin.id, incidentChannel.id, 'suspect the broker');
    const missed = await t.standIn.userPosts(erin.id, incidentChannel.id, 'lag back to zero');
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(kept.event.ts), 'wrench');
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(dropped.event.ts), 'pushpin');
    // The bot is down: Slack's deliveries of these never reach it.
    await t.standIn.userEdits(erin.id, incidentChannel.id, String(kept.event.ts), 'restarted the consumers (all 12)', { deliver: false });
    await t.standIn.userUnreacts(erin.id, incidentChannel.id, String(dropped.event.ts), 'pushpin', { deliver: false });
    await t.standIn.userReacts(erin.id, incidentChannel.id, String(missed.event.ts), 'white_check_mark', { deliver: false });
    await t.command(erin.id, incidentChannel.id, 'close');
    const entries = (await t.repos.timeline.list(incidentId)).filter((e) => e.source === 'reaction');
    expect(entries.map((e) => [e.kind, e.text])).toEqual([
      ['mitigation', 'restarted the consumers (all 12)'],
      ['resolution', 'lag back to zero'],
    ]);
    const draft = t.standIn.files.find((f) => f.completed)?.content.toString('utf8') ?? '';
    expect(draft).toContain('restarted the consumers (all 12)');
    expect(draft).toContain('lag back to zero');
    expect(draft).not.toContain('suspect the broker');
  });

  it('answers 500 when the entry cannot be stored, so Slack delivers it again', async () => {
    const posted = await t.standIn.userPosts(erin.id, incidentChannel.id, 'db failover started');
    await t.db.close();
    const res = await t.standIn.userReacts(erin.id, incidentChannel.id, String(posted.event.ts), 'pushpin');
    expect(res.delivery?.status).toBe(500);
  });
});
