// Proves the Slack stand-in is faithful by driving it with the real WebClient, the same client
// Bolt uses, so any shape or transport mismatch shows up here rather than in app tests. The specs
// for entity encoding, delivery retries and rate limits live in support/slack/specs/.
import { ErrorCode, WebClient } from '@slack/web-api';
import { LocalSlack } from '../src/localSlack/localSlack';
import { SECRET, TOKEN, client, list, rec, silent, slackError } from './support/localSlackSpecs/kit';
import { deliverySpecs } from './support/localSlackSpecs/delivery';
import { encodingSpecs } from './support/localSlackSpecs/encoding';
import { integrationSpecs } from './support/localSlackSpecs/integrations';
import { retrySpecs } from './support/localSlackSpecs/retries';
import { rateLimitSpecs } from './support/localSlackSpecs/rateLimits';

let standIn: LocalSlack;
let web: WebClient;
let alice: string;
let bob: string;

beforeEach(async () => {
  standIn = await LocalSlack.start({ botToken: TOKEN, signingSecret: SECRET });
  web = client(standIn);
  alice = standIn.addUser({ name: 'alice', realName: 'Alice A', tz: 'Europe/Berlin' }).id;
  bob = standIn.addUser({ name: 'bob' }).id;
});

afterEach(async () => {
  await standIn.stop();
});

describe('auth and recording', () => {
  it('answers auth.test and rejects bad or missing tokens', async () => {
    const res = await web.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' });
    expect(await slackError(new WebClient('xoxb-wrong', { slackApiUrl: standIn.apiUrl, logger: silent }).auth.test())).toBe('invalid_auth');
    expect(await slackError(new WebClient(undefined, { slackApiUrl: standIn.apiUrl, logger: silent }).auth.test())).toBe('not_authed');
    expect(await slackError(web.apiCall('no.such.method'))).toBe('unknown_method');
    expect(standIn.callsTo('auth.test')).toHaveLength(3);
    expect(standIn.calls.map((c) => [c.method, 'token' in c.args])).toEqual([
      ['auth.test', false],
      ['auth.test', false],
      ['auth.test', false],
      ['no.such.method', false],
    ]);
  });
});

describe('conversations', () => {
  it('enforces channel-name rules and name_taken', async () => {
    expect(await slackError(web.conversations.create({ name: 'Inc Outage' }))).toBe('invalid_name_specials');
    expect(await slackError(web.conversations.create({ name: 'a'.repeat(81) }))).toBe('invalid_name_maxlength');
    expect(await slackError(web.conversations.create({ name: '--_' }))).toBe('invalid_name_punctuation');
    expect(await slackError(web.conversations.create({ name: '' }))).toBe('invalid_name_required');
    const res = await web.conversations.create({ name: 'inc-42_db', is_private: false });
    expect(res.channel).toMatchObject({ name: 'inc-42_db', is_private: false, is_member: true, creator: 'UBOT', is_archived: false });
    expect(res.channel?.id).toMatch(/^C\d{7}$/);
    expect(await slackError(web.conversations.create({ name: 'inc-42_db' }))).toBe('name_taken');
    expect(standIn.messages(res.channel?.id ?? '')[0]).toMatchObject({ subtype: 'channel_join', user: 'UBOT' });
  });

  it('reports invite errors the way Slack does', async () => {
    const ch = standIn.addChannel({ name: 'inc-1', members: [alice] });
    const notMine = standIn.addChannel({ name: 'elsewhere', botIsMember: false });
    const secret = standIn.addChannel({ name: 'secret', isPrivate: true, botIsMember: false });
    expect(await slackError(web.conversations.invite({ channel: 'C9999999', users: bob }))).toBe('channel_not_found');
    expect(await slackError(web.conversations.invite({ channel: notMine.id, users: bob }))).toBe('not_in_channel');
    expect(await slackError(web.conversations.invite({ channel: secret.id, users: bob }))).toBe('channel_not_found');
    expect(await slackError(web.conversations.invite({ channel: ch.id, users: 'UBOT' }))).toBe('cant_invite_self');
    expect(await slackError(web.conversations.invite({ channel: ch.id, users: `${bob},U404` }))).toBe('user_not_found');
    expect(await slackError(web.conversations.invite({ channel: ch.id, users: `${bob},${alice}` }))).toBe('already_in_channel');
    expect(standIn.channel(ch.id)?.members).not.toContain(bob);
    await web.conversations.invite({ channel: ch.id, users: bob });
    expect(standIn.channel(ch.id)?.members).toContain(bob);
    await web.conversations.archive({ channel: ch.id });
    const carol = standIn.addUser({ name: 'carol' }).id;
    expect(await slackError(web.conversations.invite({ channel: ch.id, users: carol }))).toBe('is_archived');
  });

  it('sets topics up to 250 characters', async () => {
    const ch = standIn.addChannel({ name: 'inc-2' });
    expect(await slackError(web.conversations.setTopic({ channel: ch.id, topic: 'x'.repeat(251) }))).toBe('too_long');
    const res = await web.conversations.setTopic({ channel: ch.id, topic: 'SEV1: db down' });
    expect(res.channel?.topic).toMatchObject({ value: 'SEV1: db down', creator: 'UBOT' });
    expect((await web.conversations.info({ channel: ch.id })).channel?.topic?.value).toBe('SEV1: db down');
  });

  it('pages history newest first with cursors', async () => {
    const ch = standIn.addChannel({ name: 'busy', members: [alice] });
    let clock = 1_700_000_000;
    standIn.setClock(() => clock);
    for (let i = 0; i < 250; i += 1) {
      await standIn.userPosts(alice, ch.id, `m${i}`, { deliver: false });
      if (i % 3 === 0) clock += 1; // same-second messages must still get unique, increasing ts
    }
    const seen: string[] = [];
    const pages: boolean[] = [];
    let cursor: string | undefined;
    do {
      const res = await web.conversations.history({ channel: ch.id, limit: 100, ...(cursor ? { cursor } : {}) });
      for (const m of res.messages ?? []) seen.push(`${m.text}@${m.ts}`);
      pages.push(res.has_more ?? false);
      cursor = res.response_metadata?.next_cursor;
    } while (cursor);
    expect(pages).toEqual([true, true, false]);
    expect(seen).toHaveLength(250);
    expect(seen[0]).toMatch(/^m249@/);
    expect(seen[249]).toMatch(/^m0@/);
    const ts = seen.map((s) => Number(s.split('@')[1]));
    // Newest first, each message once.
    expect(ts).toEqual([...new Set(ts)].sort((a, b) => b - a));

    let viaPaginate = 0;
    for await (const page of web.paginate('conversations.history', { channel: ch.id, limit: 99 })) {
      viaPaginate += list(rec(page).messages).length;
    }
    expect(viaPaginate).toBe(250);

    // The reaction-lookup idiom from SLACK-FACTS: latest=ts, inclusive, limit=1.
    const target = standIn.messages(ch.id)[42]!;
    const one = await web.conversations.history({ channel: ch.id, latest: target.ts, inclusive: true, limit: 1 });
    expect(one.messages?.map((m) => m.text)).toEqual(['m42']);
    const before = await web.conversations.history({ channel: ch.id, latest: target.ts, limit: 1 });
    expect(before.messages?.map((m) => m.text)).toEqual(['m41']);
  });

  it('pages replies parent-first and handles backdated messages', async () => {
    const ch = standIn.addChannel({ name: 'thready', members: [alice, bob] });
    const parent = (await standIn.userPosts(alice, ch.id, 'parent', { deliver: false })).event;
    const parentTs = String(parent.ts);
    for (let i = 0; i < 25; i += 1) await standIn.userPosts(bob, ch.id, `r${i}`, { threadTs: parentTs, deliver: false });
    const texts: string[][] = [];
    let cursor: string | undefined;
    do {
      const res = await web.conversations.replies({ channel: ch.id, ts: parentTs, limit: 10, ...(cursor ? { cursor } : {}) });
      texts.push((res.messages ?? []).map((m) => m.text ?? ''));
      cursor = res.response_metadata?.next_cursor;
    } while (cursor);
    expect(texts.map((t) => t.length)).toEqual([10, 10, 6]);
    expect(texts[0]?.[0]).toBe('parent');
    expect(texts[1]?.[0]).toBe('r9');
    const hist = await web.conversations.history({ channel: ch.id });
    expect(hist.messages?.[0]).toMatchObject({ ts: parentTs, thread_ts: parentTs, reply_count: 25 });
    const aReply = standIn.messages(ch.id)[0]!.replies[3]!;
    const viaReply = await web.conversations.replies({ channel: ch.id, ts: aReply.ts });
    expect(viaReply.messages?.[0]?.text).toBe('parent');
    expect(await slackError(web.conversations.replies({ channel: ch.id, ts: '1.000001' }))).toBe('thread_not_found');

    await standIn.userPosts(alice, ch.id, 'old', { ts: '1600000000.000100', deliver: false });
    expect(standIn.messages(ch.id).map((m) => m.text)).toEqual(['old', 'parent']);
  });
});

describe('chat, pins, reactions, users', () => {
  it('validates chat.postMessage and records decoded blocks', async () => {
    // Eleven posts to one channel within milliseconds: more than Slack's per-channel burst allows.
    standIn.faults.setRateLimits(false);
    const ch = standIn.addChannel({ name: 'inc-3', members: [alice] });
    const outside = standIn.addChannel({ name: 'outside', botIsMember: false });
    const section = (text: string): object => ({ type: 'section', text: { type: 'mrkdwn', text } });
    expect(await slackError(web.chat.postMessage({ channel: ch.id, text: '' }))).toBe('no_text');
    expect(await slackError(web.chat.postMessage({ channel: ch.id, text: 'x'.repeat(40_001) }))).toBe('msg_too_long');
    expect(await slackError(web.apiCall('chat.postMessage', { channel: ch.id, blocks: 'nope' }))).toBe('invalid_blocks');
    const many = Array.from({ length: 51 }, () => section('hi'));
    expect(await slackError(web.apiCall('chat.postMessage', { channel: ch.id, text: 't', blocks: many }))).toBe('invalid_blocks');
    expect(await slackError(web.apiCall('chat.postMessage', { channel: ch.id, text: 't', blocks: [section('x'.repeat(3001))] }))).toBe('invalid_blocks');
    const header = { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } };
    expect(await slackError(web.apiCall('chat.postMessage', { channel: ch.id, text: 't', blocks: [header] }))).toBe('invalid_blocks');
    expect(await slackError(web.chat.postMessage({ channel: outside.id, text: 'hi' }))).toBe('not_in_channel');
    expect(await slackError(web.chat.postMessage({ channel: 'C0404040', text: 'hi' }))).toBe('channel_not_found');

    const res = await web.apiCall('chat.postMessage', { channel: ch.id, text: 'hello', blocks: [section('*hello*')] });
    expect(res).toMatchObject({ ok: true, channel: ch.id, message: { user: 'UBOT', bot_id: 'BBOT', text: 'hello' } });
    const last = standIn.callsTo('chat.postMessage').at(-1);
    expect(last?.args.blocks).toEqual([section('*hello*')]);
    expect(standIn.calls.filter((c) => c.failed)).toHaveLength(8);
    const ts = String(rec(res).ts);
    const reply = await web.chat.postMessage({ channel: ch.id, text: 'in thread', thread_ts: ts });
    expect(standIn.message(ch.id, String(reply.ts))).toMatchObject({ threadTs: ts, text: 'in thread' });

    await web.conversations.archive({ channel: ch.id });
    expect(await slackError(web.chat.postMessage({ channel: ch.id, text: 'late' }))).toBe('is_archived');
  });

  it('updates only the bot’s messages and builds permalinks', async () => {
    const ch = standIn.addChannel({ name: 'inc-4', members: [alice] });
    const posted = await web.chat.postMessage({ channel: ch.id, text: 'v1' });
    const ts = String(posted.ts);
    const upd = await web.chat.update({ channel: ch.id, ts, text: 'v2' });
    expect(upd).toMatchObject({ ok: true, channel: ch.id, ts, text: 'v2' });
    expect(standIn.message(ch.id, ts)?.edited?.user).toBe('UBOT');
    expect(await slackError(web.chat.update({ channel: ch.id, ts: '1700000000.999999', text: 'x' }))).toBe('message_not_found');
    const human = String((await standIn.userPosts(alice, ch.id, 'mine', { deliver: false })).event.ts);
    expect(await slackError(web.chat.update({ channel: ch.id, ts: human, text: 'x' }))).toBe('cant_update_message');

    const link = await web.chat.getPermalink({ channel: ch.id, message_ts: ts });
    expect(link.permalink).toBe(`https://standin.slack.com/archives/${ch.id}/p${ts.replace('.', '')}`);
    const r = String((await standIn.userPosts(alice, ch.id, 'reply', { threadTs: ts, deliver: false })).event.ts);
    const replyLink = await web.chat.getPermalink({ channel: ch.id, message_ts: r });
    expect(replyLink.permalink).toBe(`https://standin.slack.com/archives/${ch.id}/p${r.replace('.', '')}?thread_ts=${ts}&cid=${ch.id}`);
    expect(await slackError(web.chat.getPermalink({ channel: ch.id, message_ts: '1.000000' }))).toBe('message_not_found');
  });

  it('pins, reactions, ephemerals and users.info', async () => {
    // Reaching too_many_pins takes 101 pins.add calls: over 5 minutes at Slack's 20/min.
    standIn.faults.setRateLimits(false);
    const ch = standIn.addChannel({ name: 'inc-5', members: [alice] });
    const ts = String((await standIn.userPosts(alice, ch.id, 'pin me', { deliver: false })).event.ts);
    await web.pins.add({ channel: ch.id, timestamp: ts });
    expect(await slackError(web.pins.add({ channel: ch.id, timestamp: ts }))).toBe('already_pinned');
    expect(await slackError(web.pins.add({ channel: ch.id, timestamp: '1.000000' }))).toBe('message_not_found');
    expect(standIn.pins(ch.id)).toEqual([ts]);
    expect(rec((await web.conversations.history({ channel: ch.id })).messages?.[0]).pinned_to).toEqual([ch.id]);
    for (let i = 0; i < 99; i += 1) {
      const t = String((await standIn.userPosts(alice, ch.id, `p${i}`, { deliver: false })).event.ts);
      await web.pins.add({ channel: ch.id, timestamp: t });
    }
    const extra = String((await standIn.userPosts(alice, ch.id, 'one too many', { deliver: false })).event.ts);
    expect(await slackError(web.pins.add({ channel: ch.id, timestamp: extra }))).toBe('too_many_pins');

    await web.reactions.add({ channel: ch.id, timestamp: ts, name: 'eyes' });
    expect(await slackError(web.reactions.add({ channel: ch.id, timestamp: ts, name: 'eyes' }))).toBe('already_reacted');
    expect(standIn.message(ch.id, ts)?.reactions).toEqual([{ name: 'eyes', users: ['UBOT'] }]);

    const eph = await web.chat.postEphemeral({ channel: ch.id, user: alice, text: 'only you' });
    expect(standIn.ephemerals).toEqual([expect.objectContaining({ user: alice, text: 'only you', messageTs: eph.message_ts })]);

    const info = await web.users.info({ user: alice });
    expect(info.user).toMatchObject({ id: alice, name: 'alice', real_name: 'Alice A', tz: 'Europe/Berlin', is_bot: false });
    expect([3600, 7200]).toContain(info.user?.tz_offset);
    expect((await web.users.info({ user: 'UBOT' })).user?.is_bot).toBe(true);
    expect(await slackError(web.users.info({ user: 'U404' }))).toBe('user_not_found');
  });
});

describe('files.uploadV2', () => {
  it('stores the exact bytes and shares them into the channel', async () => {
    const ch = standIn.addChannel({ name: 'inc-6' });
    const content = 'postmortem ✓ — naïve “quotes”\n';
    const res = await web.files.uploadV2({ channel_id: ch.id, filename: 'pm.md', content, title: 'Postmortem', initial_comment: 'Draft ready' });
    expect(res.ok).toBe(true);
    const file = standIn.files[0]!;
    expect(file.content.equals(Buffer.from(content))).toBe(true);
    expect(file).toMatchObject({ filename: 'pm.md', title: 'Postmortem', channels: [ch.id] });
    expect(standIn.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({ filename: 'pm.md', length: String(Buffer.byteLength(content)) });
    expect(standIn.callsTo('files.completeUploadExternal')[0]?.args.files).toEqual([{ id: file.id, title: 'Postmortem' }]);
    expect(standIn.messages(ch.id).at(-1)).toMatchObject({ text: 'Draft ready', files: [{ id: file.id, name: 'pm.md', title: 'Postmortem' }] });

    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await web.files.uploadV2({ channel_id: ch.id, filename: 'b.bin', file: binary });
    expect(standIn.file(standIn.files[1]!.id)?.content.equals(binary)).toBe(true);
  });
});

describe('error injection', () => {
  it('fails the next call with a Slack error, then recovers', async () => {
    standIn.faults.failNext('conversations.create', { error: 'restricted_action' });
    expect(await slackError(web.conversations.create({ name: 'inc-7' }))).toBe('restricted_action');
    await web.conversations.create({ name: 'inc-7' });
    expect(standIn.callsTo('conversations.create').map((c) => c.failed)).toEqual([true, false]);
  });

  it('answers 429 with Retry-After; WebClient waits and retries', async () => {
    const ch = standIn.addChannel({ name: 'inc-8' });
    standIn.faults.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const retrying = client(standIn, { retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 } });
    const started = Date.now();
    await retrying.chat.postMessage({ channel: ch.id, text: 'eventually' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.failed)).toEqual([true, false]);

    standIn.faults.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const impatient = client(standIn, { rejectRateLimitedCalls: true });
    await expect(impatient.chat.postMessage({ channel: ch.id, text: 'now' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });
});

deliverySpecs();
encodingSpecs();
integrationSpecs();
retrySpecs();
rateLimitSpecs();
