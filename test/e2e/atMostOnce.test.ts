import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * What people see made once: when Slack did what the bot asked but the answer never came back
 * (it answered after the bot stopped waiting), the bot's next try finds what was made instead of
 * making a second channel, summary, announcement or file. Two replicas sharing a burst, a close and
 * a slow draft make each once too.
 */
describe('Slack effects whose answers are lost', () => {
  let t: TestApp;
  let ann: User;
  let ops: Channel;

  beforeEach(async () => {
    // Slack answers some calls after 0.7 s; the bot gives up on a call after 0.5 s and tries again about a second later.
    t = await startTestApp({ label: 'once', botOptions: { slackTimeoutMs: 500 } });
    ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    ops = t.standIn.addChannel({ name: 'ops', members: [ann.id] });
  });
  afterEach(() => t.stop());

  const declare = async (title: string) => {
    await t.command(ann.id, ops.id, `start ${title}`);
    await t.bot.settle(5_000);
  };
  const botPostsIn = (channelId: string) => t.standIn.messages(channelId).filter((m) => m.user === t.standIn.botUserId && !m.subtype);

  it('creates the incident channel once when the answer to its creation is lost', async () => {
    t.standIn.faults.stallNext('conversations.create', 700);
    await declare('Checkout down');
    expect(t.standIn.callsTo('conversations.create').map((c) => c.args.name)).toEqual(['inc-1-checkout-down', 'inc-1-checkout-down']);
    expect(t.standIn.channelByName('inc-1-checkout-down-2')).toBeUndefined();
    const channel = t.standIn.channelByName('inc-1-checkout-down');
    const incident = await t.repos.incidents.findByChannel(channel?.id ?? '');
    expect(incident).toMatchObject({ number: 1, title: 'Checkout down' });
    expect(channel?.members).toContain(ann.id);
  });

  it('posts and pins one summary when the answer to its post is lost', async () => {
    t.standIn.faults.stallNext('chat.postMessage', 700);
    await declare('Search slow');
    const channel = t.standIn.channelByName('inc-1-search-slow');
    if (!channel) throw new Error('no incident channel');
    const summaries = botPostsIn(channel.id).filter((m) => JSON.stringify(m.blocks ?? '').includes('header'));
    expect(summaries).toHaveLength(1);
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(t.standIn.pins(channel.id)).toEqual([summaries[0]?.ts]);
    expect(incident?.summaryTs).toBe(summaries[0]?.ts);
  });

  it('uploads the postmortem once when the answer to completing the upload is lost', async () => {
    await declare('Queue backlog');
    const channel = t.standIn.channelByName('inc-1-queue-backlog');
    if (!channel) throw new Error('no incident channel');
    t.standIn.faults.stallNext('files.completeUploadExternal', 700);
    await t.command(ann.id, channel.id, 'close drained the queue');
    await t.bot.settle(5_000);
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
    expect(botPostsIn(channel.id).filter((m) => (m.files ?? []).length > 0)).toHaveLength(1);
    expect(t.standIn.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });
});

describe('an announcement whose answer is lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ label: 'once-ann', botOptions: { slackTimeoutMs: 500 }, env: { ANNOUNCEMENTS_CHANNEL: 'C9000001' } });
  });
  afterAll(() => t.stop());

  it('is posted once, and then kept up to date', async () => {
    const ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    const ops = t.standIn.addChannel({ name: 'ops', members: [ann.id] });
    const news = t.standIn.addChannel({ id: 'C9000001', name: 'incidents', members: [ann.id] });
    // The summary is posted first; the announcement follows it, and its answer is the one lost.
    t.standIn.faults.stallNext('chat.postMessage', 0);
    t.standIn.faults.stallNext('chat.postMessage', 700);
    await t.command(ann.id, ops.id, 'start Login errors');
    await t.bot.settle(5_000);
    const channel = t.standIn.channelByName('inc-1-login-errors');
    if (!channel) throw new Error('no incident channel');
    // One post, made by the try whose answer was lost; the next try looked for it and found it.
    expect(t.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === news.id)).toHaveLength(1);
    expect(t.standIn.callsTo('conversations.history').filter((c) => c.args.channel === news.id).length).toBeGreaterThan(0);
    await t.command(ann.id, channel.id, 'severity sev1');
    await t.bot.settle(5_000);
    const announcements = t.standIn.messages(news.id).filter((m) => m.user === t.standIn.botUserId);
    expect(announcements).toHaveLength(1);
    expect(JSON.stringify(announcements[0]?.blocks ?? announcements[0]?.text)).toContain('SEV1');
    expect((await t.repos.incidents.findByChannel(channel.id))?.announcementTs).toBe(announcements[0]?.ts);
  });
});

describe('two replicas sharing one Slack and one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const opts = { leaseMs: 700, slackTimeoutMs: 10_000 };
    a = await startTestApp({ label: 'replicas', botOptions: opts });
    b = await startTestApp({ label: 'replicas', replicaOf: a, botOptions: opts });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('make one channel, one summary and one upload through a burst, a close and a draft slower than a lease', async () => {
    const s = a.standIn;
    const kim = s.addUser({ name: 'kim', realName: 'Kim Kang' });
    const ops = s.addChannel({ name: 'ops', members: [kim.id] });
    await a.command(kim.id, ops.id, 'start Payments failing');
    const channel = s.channelByName('inc-1-payments-failing');
    if (!channel) throw new Error('no incident channel');
    const posts = await Promise.all(Array.from({ length: 20 }, (_, i) => s.userPosts(kim.id, channel.id, `observation ${i}`, { deliver: false })));
    // The burst is delivered to both replicas, half each, as a load balancer would.
    await Promise.all(
      posts.map(async (p, i) => {
        const reacted = await s.userReacts(kim.id, channel.id, String(p.event.ts), 'pushpin', { deliver: false });
        const to = i % 2 === 0 ? a : b;
        s.appUrl = to.appUrl;
        return s.deliverEvent(reacted.event, { eventId: reacted.eventId });
      }),
    );
    s.appUrl = a.appUrl;
    // Reading the channel at close takes six leases: the other replica must not draft and upload again.
    s.faults.stallNext('conversations.history', 4_500);
    await b.command(kim.id, channel.id, 'close switched to the backup processor');
    await a.bot.settle(8_000);
    await b.bot.settle(8_000);

    expect(s.callsTo('conversations.create').filter((c) => !c.failed)).toHaveLength(1);
    const summaries = s.messages(channel.id).filter((m) => m.user === s.botUserId && JSON.stringify(m.blocks ?? '').includes('header'));
    expect(summaries).toHaveLength(1);
    const uploads = s.files.filter((f) => f.completed);
    expect(uploads).toHaveLength(1);
    const markdown = uploads[0]?.content.toString('utf8') ?? '';
    expect(markdown).toContain('switched to the backup processor');
    for (let i = 0; i < 20; i++) expect(markdown.split(`observation ${i} (Kim Kang)`)).toHaveLength(2);
  }, 60_000);
});
