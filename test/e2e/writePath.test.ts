import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/**
 * The write path under Slack's faults, through the real app: Slack errors and rate limits never
 * lose or duplicate what people recorded, and never undo a recorded fact.
 */
describe('write path', () => {
  let t: TestApp;
  let ada: User;
  let ops: Channel;

  const start = async (title: string, opts: { summaryIntervalMs?: number } = {}) => {
    t = await startTestApp({ label: 'writepath', ...opts });
    ada = t.standIn.addUser({ name: 'ada', realName: 'Ada Arden' });
    ops = t.standIn.addChannel({ name: 'ops', members: [ada.id] });
    const res = await t.command(ada.id, ops.id, `start ${title}`);
    await res.nextResponse(10_000);
    const channel = t.standIn.state.allChannels().find((c) => c.name.startsWith('inc-1-'));
    if (!channel) throw new Error('no incident channel');
    const incident = await t.repos.incidents.findByChannel(channel.id);
    if (!incident) throw new Error('no incident');
    return { channel, incident };
  };
  afterEach(() => t.stop());

  const summaryBlocks = async (channelId: string) => {
    const i = await t.repos.incidents.findByChannel(channelId);
    return JSON.stringify(t.standIn.message(channelId, i?.summaryTs ?? '')?.blocks ?? null);
  };

  it('posts and pins the summary again when it is gone for good; close completes and two closes upload one draft', async () => {
    const { channel, incident } = await start('Summary trouble');
    const first = incident.summaryTs ?? '';
    t.standIn.state.remove(channel.id, first); // someone deleted the pinned summary
    t.standIn.faults.failNext('chat.update', { error: 'message_not_found' }, 1000);
    await t.command(ada.id, channel.id, 'severity sev2');
    const reposted = (await t.repos.incidents.findByChannel(channel.id))?.summaryTs ?? '';
    expect(reposted).not.toBe(first);
    expect(t.standIn.message(channel.id, reposted)?.user).toBe(t.standIn.botUserId);
    expect(t.standIn.pins(channel.id)).toContain(reposted);
    expect(await summaryBlocks(channel.id)).toContain('SEV2');

    const close = await t.command(ada.id, channel.id, 'close');
    expect(close.http.status).toBe(200);
    const again = await t.command(ada.id, channel.id, 'close');
    expect((await again.nextResponse()).text).toBe('Incident #1 is already closed.');
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 10_000 });
    await t.settle();
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
    expect(await t.repos.incidents.findByChannel(channel.id)).toMatchObject({ status: 'closed', latestPostmortemVersion: 1 });
    expect(await summaryBlocks(channel.id)).toContain('Closed');
  });

  it('with a 429 on every third Web API call through a whole incident: every entry once, the summary current, one draft', async () => {
    const { channel, incident } = await start('Rate limited');
    t.standIn.faults.rateLimitEvery(3, 1);
    const texts = ['disk 91% on db-3', 'paused the batch import', 'disk back to 60%'];
    for (const [i, text] of texts.entries()) {
      const posted = await t.standIn.userPosts(ada.id, channel.id, text);
      await t.standIn.userReacts(ada.id, channel.id, String(posted.event.ts), ['rotating_light', 'wrench', 'white_check_mark'][i] ?? 'pushpin');
    }
    await t.command(ada.id, channel.id, 'note checked the replicas too');
    await t.command(ada.id, channel.id, 'status monitoring');
    await t.command(ada.id, channel.id, 'close');
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 20_000, message: 'no draft uploaded' });
    await t.settle();
    expect(t.standIn.calls.filter((c) => c.status === 429).length).toBeGreaterThan(3);
    const entries = await t.repos.timeline.list(incident.id);
    expect(entries.filter((e) => e.source === 'reaction').map((e) => [e.kind, e.text])).toEqual([
      ['detection', texts[0]],
      ['mitigation', texts[1]],
      ['resolution', texts[2]],
    ]);
    expect(entries.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['checked the replicas too']);
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
    const draft = t.standIn.files.find((f) => f.completed)?.content.toString('utf8') ?? '';
    const timeline = draft.split('## Timeline')[1]?.split('\n## ')[0] ?? '';
    for (const text of [...texts, 'checked the replicas too']) expect(timeline.split(text)).toHaveLength(2);
    const summary = await summaryBlocks(channel.id);
    expect(summary).toContain('Closed');
  });

  it('coalesces the summary edits of a burst of reactions into a few chat.update calls', async () => {
    const { channel } = await start('Burst', { summaryIntervalMs: 1000 });
    const posts = [];
    for (let i = 0; i < 60; i++) posts.push(await t.standIn.userPosts(ada.id, channel.id, `line ${i}`));
    const updatesBefore = t.standIn.callsTo('chat.update').length;
    const reactions = posts.map((p) => t.standIn.userReacts(ada.id, channel.id, String(p.event.ts), 'pushpin', { deliver: false }));
    const resolved = await Promise.all(reactions);
    for (let i = 0; i < resolved.length; i += 12) {
      await Promise.all(resolved.slice(i, i + 12).map((r) => t.standIn.deliverEvent(r.event, { eventId: r.eventId })));
    }
    await t.settle();
    const edits = t.standIn.callsTo('chat.update').length - updatesBefore;
    expect(edits).toBeGreaterThanOrEqual(1);
    expect(edits).toBeLessThanOrEqual(6);
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect((await t.repos.timeline.list(incident?.id ?? '')).filter((e) => e.kind === 'note')).toHaveLength(60);
  });

  it('keeps reactions, edits and deletions on a closed incident out of its timeline until it is reopened', async () => {
    const { channel, incident } = await start('Closed stays closed');
    const marked = await t.standIn.userPosts(ada.id, channel.id, 'failover done');
    await t.standIn.userReacts(ada.id, channel.id, String(marked.event.ts), 'wrench');
    const later = await t.standIn.userPosts(ada.id, channel.id, 'afterthought');
    await t.command(ada.id, channel.id, 'close');
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 10_000 });

    const reacted = await t.standIn.userReacts(ada.id, channel.id, String(later.event.ts), 'bulb');
    const edited = await t.standIn.userEdits(ada.id, channel.id, String(marked.event.ts), 'failover done (edited after close)');
    expect([reacted.delivery?.status, edited.delivery?.status]).toEqual([200, 200]);
    const reactionEntries = async () => (await t.repos.timeline.list(incident.id)).filter((e) => e.source === 'reaction').map((e) => [e.kind, e.text]);
    expect(await reactionEntries()).toEqual([['mitigation', 'failover done']]);

    await t.command(ada.id, channel.id, 'reopen');
    await waitUntil(async () => (await reactionEntries()).length === 2, { timeoutMs: 10_000, message: 'held events were not applied on reopen' });
    expect(await reactionEntries()).toEqual([
      ['mitigation', 'failover done (edited after close)'],
      ['root_cause', 'afterthought'],
    ]);
  });

  it('stores text as typed and escapes it once for Slack', async () => {
    const { channel, incident } = await start('R&D <staging> down');
    expect((await t.repos.incidents.findByChannel(channel.id))?.title).toBe('R&D <staging> down');
    await t.command(ada.id, channel.id, 'impact R&D builds > 10 min slower');
    expect((await t.repos.incidents.findById(incident.id))?.impact).toBe('R&D builds > 10 min slower');
    const summary = await summaryBlocks(channel.id);
    expect(summary).toContain('R&amp;D builds &gt; 10 min slower');
    expect(summary).not.toContain('&amp;amp;');
    const post = t.standIn.messages(channel.id).find((m) => m.text.includes('recorded the impact'));
    expect(post?.text).toBe(`<@${ada.id}> recorded the impact: R&amp;D builds &gt; 10 min slower`);
  });
});
