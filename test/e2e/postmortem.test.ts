import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, testDatabaseUri, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

const ROOT = path.resolve(__dirname, '..', '..');
const at = (hhmm: string) => {
  // Clock times on 2024-07-10 in New York (EDT, UTC−4).
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2024, 6, 10, (h ?? 0) + 4, m ?? 0, 0) / 1000;
};

/** A scripted incident, from first alert to close, and the draft the team gets. */
describe('the postmortem draft', () => {
  let t: TestApp;
  let clock: number;
  let kim: User;
  let leo: User;
  let general: Channel;
  let channel: Channel;

  beforeEach(async () => {
    t = await startTestApp({ label: 'postmortem', env: { INCIDENT_TIMEZONE: 'America/New_York' } });
    clock = at('10:05');
    t.standIn.setClock(() => clock);
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    leo = t.standIn.addUser({ name: 'leo', realName: 'Leo Lund' });
    general = t.standIn.addChannel({ name: 'general', members: [kim.id, leo.id] });
    await (await t.command(kim.id, general.id, 'start sev2 Orders API timeouts')).nextResponse();
    const found = t.standIn.channelByName('inc-1-orders-api-timeouts');
    if (!found) throw new Error('no incident channel');
    channel = found;
    t.standIn.state.join(channel, leo.id);
  });
  afterEach(() => t.stop());

  const say = async (who: User, hhmm: string, text: string, reaction?: string, deliver = true) => {
    clock = at(hhmm);
    const posted = await t.standIn.userPosts(who.id, channel.id, text, { deliver });
    if (reaction) await t.standIn.userReacts(who.id, channel.id, String(posted.event.ts), reaction, { deliver });
    return String(posted.event.ts);
  };
  const run = async (who: User, hhmm: string, text: string) => {
    clock = at(hhmm);
    const res = await t.command(who.id, channel.id, text);
    await t.settle();
    return res;
  };
  const uploaded = () => waitUntil(() => t.standIn.files.filter((f) => f.completed).at(-1), { message: 'no draft uploaded' });

  it('turns a scripted incident into a complete draft on close', async () => {
    await say(leo, '10:08', 'p99 on orders-api is 12s, alerts firing', 'rotating_light');
    await say(leo, '10:12', 'checking the connection pool on orders-db', 'mag');
    await say(leo, '10:31', 'pool is fine, not the database', 'x');
    await say(kim, '10:35', 'paging the platform team', 'arrow_up');
    await run(kim, '10:36', `lead <@${kim.id}>`);
    await run(kim, '10:40', 'impact 30% of checkout requests timed out (about 9,000 orders)');
    await say(leo, '10:52', 'a retry storm from the cart service saturates the API', 'bulb');
    await run(kim, '10:53', 'status identified');
    await say(leo, '11:05', 'rate-limited retries in cart, deploy done', 'wrench');
    await say(leo, '11:20', 'p99 back under 300ms', 'white_check_mark');
    await say(kim, '11:22', 'we need jittered backoff in all clients', 'memo');
    await run(kim, '11:25', `action add an alert on retry rate <@${leo.id}>`);
    await run(kim, '11:40', 'rootcause cart retries without backoff after a deploy');
    await run(kim, '11:42', 'started 10:01');
    await run(kim, '11:45', 'close rate-limited cart retries');

    const file = await uploaded();
    expect(file.filename).toBe('postmortem-inc-1-orders-api-timeouts.md');
    const md = file.content.toString('utf8');
    expect(md).toMatch(/^# Postmortem: Orders API timeouts on July 10, 2024\n/);
    for (const heading of ['## Issue Summary', '## Timeline', '## Root Cause and Resolution', '## What slowed us down', '## Corrective and Preventative Measures']) {
      expect(md).toContain(`\n${heading}\n`);
    }
    // Impact window: the stated start (before the 10:05 declaration) → first resolution after the last mitigation.
    expect(md).toContain('**Duration**: 10:01 AM to 11:20 AM EDT (1 hour and 19 minutes)');
    expect(md).toContain('- **Time to declare**: 4 minutes (10:05 AM EDT)');
    expect(md).toContain('- **Time to mitigate**: 1 hour and 4 minutes (11:05 AM EDT)');
    expect(md).toContain('30% of checkout requests timed out (about 9,000 orders)');
    expect(md).toContain('cart retries without backoff after a deploy');
    expect(md).toMatch(/\*\*10:31 AM\*\*.*pool is fine, not the database/);
    expect(md).toMatch(/ruled out/i);
    expect(md).toContain('- **19 minutes**: pool is fine, not the database (Leo Lund), from 10:12 AM EDT to 10:31 AM EDT');
    expect(md).toContain('rate-limited cart retries');
    expect(md).toContain('- [ ] #1 add an alert on retry rate (owner: Leo Lund)');
    expect(md).toContain('- [ ] we need jittered backoff in all clients (owner: _unassigned_)');
    expect(md).toContain('Kim Kato');
    expect(md.match(/_TODO[^_]*_/g)).toEqual(null);

    const incident = await t.repos.incidents.findByChannel(channel.id);
    const draft = await t.repos.postmortems.latest(incident?.id ?? '');
    expect(draft).toMatchObject({ version: 1, markdown: md, generatedBy: kim.id });
    expect(incident?.latestPostmortemVersion).toBe(1);
    const comment = t.standIn.messages(channel.id).find((m) => m.files?.some((f) => f.id === file.id))?.text ?? '';
    expect(comment).toContain('Duration: 1 hour and 19 minutes');
    expect(comment).toContain('Impact: 30% of checkout requests timed out');
    expect(comment).toMatch(/\d+ timeline entries, 2 follow-up actions/);
    expect(comment).toContain('draft');
  });

  it('recovers marked messages whose reaction events never arrived, when it closes', async () => {
    await say(leo, '10:10', 'orders-api pods restarting in a loop', 'rotating_light', false);
    const thread = await say(leo, '10:20', 'thread: what changed?');
    clock = at('10:25');
    const reply = await t.standIn.userPosts(kim.id, channel.id, 'config push at 10:01 changed the pool size', { threadTs: thread, deliver: false });
    await t.standIn.userReacts(kim.id, channel.id, String(reply.event.ts), 'bulb', { deliver: false });
    await run(kim, '10:40', 'close');

    const md = (await uploaded()).content.toString('utf8');
    expect(md).toContain('orders-api pods restarting in a loop');
    expect(md).toContain('config push at 10:01 changed the pool size');
    const incident = await t.repos.incidents.findByChannel(channel.id);
    const entries = await t.repos.timeline.list(incident?.id ?? '');
    expect(entries.filter((e) => e.source === 'reaction').map((e) => [e.kind, e.text])).toEqual([
      ['detection', 'orders-api pods restarting in a loop'],
      ['root_cause', 'config push at 10:01 changed the pool size'],
    ]);
    expect(t.standIn.callsTo('conversations.replies').map((c) => c.args.ts)).toEqual([thread]);
  });

  it('makes a new stored version with /incident postmortem, and the CLI prints any version', async () => {
    await say(leo, '10:08', 'first symptom', 'rotating_light');
    const first = await run(kim, '10:30', 'postmortem');
    expect((await first.nextResponse()).text).toBe('Postmortem draft v1 posted in the channel.');
    await say(leo, '10:45', 'second symptom', 'pushpin');
    await run(kim, '10:50', 'postmortem');
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(incident).toMatchObject({ status: 'open', latestPostmortemVersion: 2 });
    const v1 = await t.repos.postmortems.get(incident?.id ?? '', 1);
    const v2 = await t.repos.postmortems.get(incident?.id ?? '', 2);
    expect(v1?.markdown).not.toContain('second symptom');
    expect(v2?.markdown).toContain('second symptom');

    const uri = `${testDatabaseUri().replace(/\/$/, '')}/${t.db.connection.name}`;
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/postmortem.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: process.env.HOME, MONGODB_URI: uri },
      });
    const latest = cli('1');
    expect(latest.status).toBe(0);
    expect(latest.stdout).toBe(v2?.markdown);
    const byChannel = cli(channel.id, '--version', '1');
    expect(byChannel.stdout).toBe(v1?.markdown);
    const missing = cli('1', '--version', '9');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('postmortem: incident #1 has no draft version 9 (latest: 2)\n');
  });

  it('makes at most one draft a minute on demand, telling whoever asks too soon when to try again', async () => {
    await say(leo, '10:08', 'first symptom', 'rotating_light');
    const first = await run(kim, '10:30', 'postmortem');
    expect((await first.nextResponse()).text).toBe('Postmortem draft v1 posted in the channel.');
    clock = at('10:30') + 20;
    const again = await t.command(leo.id, channel.id, 'postmortem');
    expect((await again.nextResponse()).text).toBe(
      'A draft of incident #1 was made moments ago: try `/incident postmortem` again in 40 s (each draft reads the whole channel).',
    );
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(1);
    const later = await run(leo, '10:32', 'postmortem');
    expect((await later.nextResponse()).text).toBe('Postmortem draft v2 posted in the channel.');
    expect(t.standIn.files.filter((f) => f.completed)).toHaveLength(2);
  });

  it('reads a 500-message channel in 3 history calls plus one per thread when drafting', async () => {
    for (let i = 0; i < 500; i++) {
      clock = at('10:06') + i;
      await t.standIn.userPosts(i % 2 ? kim.id : leo.id, channel.id, `status line ${i}`, { deliver: false });
    }
    const thread = await say(leo, '10:20', 'thread parent');
    clock = at('10:21');
    await t.standIn.userPosts(kim.id, channel.id, 'a reply', { threadTs: thread });
    t.standIn.calls.length = 0;
    const res = await run(kim, '10:30', 'postmortem');
    expect((await res.nextResponse()).text).toBe('Postmortem draft v1 posted in the channel.');
    const reads = t.standIn.calls.filter((c) => c.method.startsWith('conversations.'));
    expect(reads.map((c) => c.method).sort()).toEqual([
      'conversations.history',
      'conversations.history',
      'conversations.history',
      'conversations.members',
      'conversations.replies',
    ]);
  });
});

describe('POSTMORTEM_TEMPLATE', () => {
  it('replaces the bundled template in the running app', async () => {
    const t = await startTestApp({
      label: 'template',
      env: { INCIDENT_TIMEZONE: 'America/New_York', POSTMORTEM_TEMPLATE: path.join(ROOT, 'test/golden/templates/brief/postmortem.md.hbs') },
    });
    try {
      const mia = t.standIn.addUser({ name: 'mia', realName: 'Mia Moss' });
      const ops = t.standIn.addChannel({ name: 'ops', members: [mia.id] });
      await (await t.command(mia.id, ops.id, 'start sev3 Custom template')).nextResponse();
      const channel = t.standIn.channelByName('inc-1-custom-template');
      await t.command(mia.id, channel?.id ?? '', 'close');
      await t.settle();
      const md = t.standIn.files.find((f) => f.completed)?.content.toString('utf8') ?? '';
      expect(md).toMatch(/^# Incident 1: Custom template\n\nSEV3 · /);
      expect(md).toContain('## What happened');
      const incident = await t.repos.incidents.findByChannel(channel?.id ?? '');
      expect((await t.repos.postmortems.latest(incident?.id ?? ''))?.template).toMatch(/test\/golden\/templates\/brief\/postmortem\.md\.hbs$/);
    } finally {
      await t.stop();
    }
  });
});
