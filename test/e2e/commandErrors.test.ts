import { waitUntil } from '../support/wait';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

/** Bad input and Slack failures: a clear ephemeral answer, and nothing half-done. */
describe('/incident with bad input or a failing Slack', () => {
  let t: TestApp;
  let dana: User;
  let ops: Channel;

  beforeEach(async () => {
    t = await startTestApp({ label: 'cmd-errors' });
    dana = t.standIn.addUser({ name: 'dana', realName: 'Dana Diaz' });
    ops = t.standIn.addChannel({ name: 'ops', members: [dana.id] });
  });
  afterEach(() => t.stop());

  it('refuses an unknown severity and declares nothing', async () => {
    const res = await t.command(dana.id, ops.id, 'start sev7 Payments down');
    expect(res.ack?.response_type).toBe('ephemeral');
    expect(res.ack?.text).toMatch(/sev1.*sev4/i);
    await t.settle();
    expect(t.standIn.callsTo('conversations.create')).toHaveLength(0);
  });

  it('refuses to close from a channel that is not an incident channel', async () => {
    const res = await t.command(dana.id, ops.id, 'close');
    const answer = await res.nextResponse();
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('This is not an incident channel');
    expect(t.standIn.files).toHaveLength(0);
  });

  it('answers an unknown command with usage, escaping what it echoes', async () => {
    const res = await t.command(dana.id, ops.id, '<!channel> now');
    expect(res.ack?.response_type).toBe('ephemeral');
    expect(res.ack?.text).toContain('Unknown command `&lt;!channel&gt;`');
    expect(res.ack?.text).not.toContain('<!channel>');
    expect(res.ack?.text).toContain('/incident start [--private] [--here] [sev1-sev4] &lt;title&gt;');
  });

  it('escapes <!channel> in a title everywhere the bot echoes it, and keeps the title whole', async () => {
    const res = await t.command(dana.id, ops.id, 'start <!channel> payments down');
    expect(res.ack?.text).toContain('&lt;!channel&gt; payments down');
    await res.nextResponse();
    const incident = await t.repos.incidents.findByChannel(t.standIn.channelByName('inc-1-payments-down')?.id ?? '');
    expect(incident?.title).toBe('<!channel> payments down');
    // Every piece of mrkdwn the bot sent (message text and mrkdwn blocks) carries the title escaped.
    const mrkdwn = t.standIn.callsTo('chat.postMessage').flatMap((c) => [c.args.text, ...mrkdwnTexts(c.args.blocks)]);
    expect(mrkdwn.some((text) => String(text).includes('@channel payments down'))).toBe(true);
    expect(mrkdwn.filter((text) => String(text).includes('<!channel>'))).toEqual([]);
  });

  it('names an emoji-only incident "incident" and keeps the title as typed', async () => {
    const res = await t.command(dana.id, ops.id, 'start 🔥🔥🔥');
    expect((await res.nextResponse()).text).toMatch(/^Incident #1 declared/);
    const channel = t.standIn.channelByName('inc-1-incident');
    expect((await t.repos.incidents.findByChannel(channel?.id ?? ''))?.title).toBe('🔥🔥🔥');
  });

  it('keeps an overlong title whole while every Slack surface gets one within its limits', async () => {
    const title = `Database ${'very '.repeat(80)}slow`;
    const res = await t.command(dana.id, ops.id, `start ${title}`);
    expect((await res.nextResponse()).text).toMatch(/^Incident #1 declared/);
    const created = t.standIn.callsTo('conversations.create').find((c) => !c.failed);
    const name = String(created?.args.name);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.replace(/^inc-1-/, '').length).toBeLessThanOrEqual(50);
    const channelId = t.standIn.channelByName(name)?.id ?? '';
    // One topic, accepted, cut to Slack's 250 characters; the pinned summary posted (the stand-in refuses over-long text).
    const topics = t.standIn.callsTo('conversations.setTopic');
    expect(topics.map((c) => c.failed)).toEqual([false]);
    const topic = String(topics[0]?.args.topic);
    expect(topic).toMatch(/^Incident #1: Database very very /);
    expect(topic.length).toBeLessThanOrEqual(250);
    expect(t.standIn.channelByName(name)?.topic.value).toBe(topic);
    expect(t.standIn.callsTo('chat.postMessage').map((c) => [c.args.channel, c.failed])).toEqual([[channelId, false]]);
    expect(t.standIn.pins(channelId)).toHaveLength(1);
    expect((await t.repos.incidents.findByChannel(channelId))?.title).toBe(title);
  });

  it('stores a 5,000 character impact whole and still fits the summary into Slack', async () => {
    await (await t.command(dana.id, ops.id, 'start Big impact')).nextResponse();
    const channel = t.standIn.channelByName('inc-1-big-impact');
    const impact = 'customers affected: '.padEnd(5000, 'x');
    const res = await t.command(dana.id, channel?.id ?? '', `impact ${impact}`);
    expect((await res.nextResponse()).text).toBe('Impact recorded.');
    const incident = await t.repos.incidents.findByChannel(channel?.id ?? '');
    expect(incident?.impact).toBe(impact);
    expect(t.standIn.callsTo('chat.update').map((c) => c.failed)).toEqual([false]);
    // The summary at declaration, then the channel's note of the new impact: both accepted within Slack's limits.
    const posts = t.standIn.callsTo('chat.postMessage');
    expect(posts.map((c) => [c.args.channel, c.failed])).toEqual([
      [channel?.id, false],
      [channel?.id, false],
    ]);
    expect(String(posts[1]?.args.text)).toMatch(new RegExp(`^<@${dana.id}> recorded the impact: customers affected: x+`));
    expect(JSON.stringify(t.standIn.message(channel?.id ?? '', incident?.summaryTs ?? '')?.blocks)).toContain('customers affected: xxx');
  });

  it('takes the next free channel name when the name is taken', async () => {
    t.standIn.addChannel({ name: 'inc-1-db-down' });
    const res = await t.command(dana.id, ops.id, 'start DB down');
    expect((await res.nextResponse()).text).toMatch(/^Incident #1 declared/);
    expect(t.standIn.channelByName('inc-1-db-down-2')?.members).toContain(dana.id);
  });

  it('waits out a 429 with Retry-After and still declares the incident', async () => {
    t.standIn.faults.failNext('conversations.create', { status: 429, retryAfter: 1 });
    const res = await t.command(dana.id, ops.id, 'start Rate limited');
    expect((await res.nextResponse(8000)).text).toMatch(/^Incident #1 declared/);
    const creates = t.standIn.callsTo('conversations.create');
    expect(creates.map((c) => c.failed)).toEqual([true, false]);
    const channelId = t.standIn.channelByName('inc-1-rate-limited')?.id ?? '';
    expect((await t.repos.incidents.findByChannel(channelId))?.title).toBe('Rate limited');
  });

  it('treats already_in_channel on invite as done', async () => {
    t.standIn.faults.failNext('conversations.invite', { error: 'already_in_channel' });
    const res = await t.command(dana.id, ops.id, 'start Invite glitch');
    expect((await res.nextResponse()).text).toMatch(/^Incident #1 declared/);
    expect(t.standIn.pins(t.standIn.channelByName('inc-1-invite-glitch')?.id ?? '')).toHaveLength(1);
  });

  it('reports a Web API failure to the caller instead of swallowing it', async () => {
    t.standIn.faults.failNext('conversations.create', { error: 'restricted_action' });
    const res = await t.command(dana.id, ops.id, 'start Not allowed');
    const answer = await res.nextResponse();
    expect(answer).toEqual({ response_type: 'ephemeral', text: 'Sorry, I could not declare the incident (restricted_action).' });
    expect(await t.repos.incidents.listOpen()).toEqual([]);
  });

  it('closes at once and uploads the draft when Slack accepts it again, once', async () => {
    const start = await t.command(dana.id, ops.id, 'start Upload trouble');
    await start.nextResponse();
    const channel = t.standIn.channelByName('inc-1-upload-trouble');
    if (!channel) throw new Error('no incident channel');
    t.standIn.faults.failNext('files.completeUploadExternal', { status: 429, retryAfter: 1 });
    t.standIn.faults.failNext('files.completeUploadExternal', { error: 'internal_error' });
    const closed = await t.command(dana.id, channel.id, 'close');
    expect(closed.http.status).toBe(200);
    expect((await t.repos.incidents.findByChannel(channel.id))?.status).toBe('closed');
    await waitUntil(() => t.standIn.files.some((f) => f.completed), { timeoutMs: 15_000, message: 'the draft was never uploaded' });

    const again = await t.command(dana.id, channel.id, 'close');
    expect((await again.nextResponse()).text).toBe('Incident #1 is already closed.');
    await t.settle();
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(incident).toMatchObject({ status: 'closed', latestPostmortemVersion: 1 });
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
    const entries = await t.repos.timeline.list(incident?.id ?? '');
    expect(entries.filter((e) => e.kind === 'closed')).toHaveLength(1);
  });
});

function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (typeof node !== 'object' || node === null) return [];
  const own = 'type' in node && node.type === 'mrkdwn' && 'text' in node ? [String(node.text)] : [];
  return [...own, ...Object.values(node).flatMap(mrkdwnTexts)];
}
