import type { IntegrationPost } from '../../src/localSlack/localSlack';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

const at = (hhmm: string) => {
  // Clock times on 2024-07-10 in New York (EDT, UTC−4).
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2024, 6, 10, (h ?? 0) + 4, m ?? 0, 0) / 1000;
};

/** A classic integration's alert: no user, no text, everything in an attachment (as Datadog's webhook posts it). */
const datadogAlert: IntegrationPost = {
  username: 'Datadog',
  botId: 'BDATADOG1',
  text: '',
  attachments: [
    {
      fallback: 'Triggered: p99 latency on orders-api',
      title: '[Triggered] p99 latency on orders-api',
      title_link: 'https://app.datadoghq.com/monitors/42',
      text: 'p99 is 12.3s &gt; 2s for 5 min',
      fields: [{ title: 'Service', value: 'orders-api', short: true }],
    },
  ],
};

/** A newer app posting as its bot user, with everything in blocks. */
const rollback: IntegrationPost = {
  app: { userId: 'UDEPLOYBOT', name: 'Deploy Bot' },
  botId: 'BDEPLOY01',
  blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'Rollback of cart to v41 complete' }] }] }],
};

/** Bots' and integrations' posts are the ones responders mark most: their content and their name reach the draft. */
describe('posts by bots and integrations', () => {
  let t: TestApp;
  let clock: number;
  let kim: User;
  let channel: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'integrations', env: { INCIDENT_TIMEZONE: 'America/New_York' } });
    clock = at('10:05');
    t.standIn.setClock(() => clock);
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    const general = t.standIn.addChannel({ name: 'general', members: [kim.id] });
    await (await t.command(kim.id, general.id, 'start sev2 Orders API timeouts')).nextResponse();
    const found = t.standIn.channelByName('inc-1-orders-api-timeouts');
    if (!found) throw new Error('no incident channel');
    channel = found;
    incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const post = async (hhmm: string, p: IntegrationPost, deliver = true) => {
    clock = at(hhmm);
    return String((await t.standIn.integrationPosts(channel.id, p, { deliver })).event.ts);
  };
  const mark = async (hhmm: string, ts: string, reaction: string, deliver = true) => {
    clock = at(hhmm);
    await t.standIn.userReacts(kim.id, channel.id, ts, reaction, { deliver });
  };
  const run = async (hhmm: string, text: string) => {
    clock = at(hhmm);
    const res = await t.command(kim.id, channel.id, text);
    await t.settle();
    return res;
  };
  const marked = async () => (await t.repos.timeline.list(incidentId)).filter((e) => e.source === 'reaction');
  const draft = async (n = 1) => (await waitUntil(() => t.standIn.files.filter((f) => f.completed)[n - 1], { message: `no draft #${n} uploaded` })).content.toString('utf8');
  const section = (md: string, heading: string) => md.split(`\n${heading}\n`)[1]?.split('\n## ')[0] ?? '';

  it('an alert with only attachments, marked 🚨, and a blocks-only rollback, marked 🔧, show what they say and who sent them', async () => {
    const alert = await post('10:08', datadogAlert);
    await mark('10:09', alert, 'rotating_light');
    clock = at('10:20');
    await t.standIn.userPosts(kim.id, channel.id, 'rolling back cart');
    const done = await post('10:40', rollback);
    await mark('10:41', done, 'wrench');

    expect((await marked()).map((e) => [e.kind, e.text.split('\n')])).toEqual([
      ['detection', ['[Triggered] p99 latency on orders-api (https://app.datadoghq.com/monitors/42)', 'p99 is 12.3s > 2s for 5 min', 'Service: orders-api']],
      ['mitigation', ['Rollback of cart to v41 complete']],
    ]);
    await run('11:00', 'close');
    const md = await draft();
    expect(section(md, '## Timeline')).toContain('— [detection] \\[Triggered\\] p99 latency on orders-api (https://app.datadoghq.com/monitors/42)');
    expect(section(md, '## Timeline')).toContain('Service: orders-api (Datadog)');
    expect(section(md, '## Timeline')).toContain('— [mitigation] Rollback of cart to v41 complete (Deploy Bot)');
    // What fixed it is the deploy bot's post, and time to detect is measured to the alert, both with their words.
    expect(section(md, '## Root Cause and Resolution')).toContain('Rollback of cart to v41 complete (Deploy Bot)');
    expect(md).toContain('- **Time to detect**: 3 minutes (10:08 AM EDT)');
    expect(md).not.toMatch(/\] +\(/); // no entry without words: "[mitigation]  ()"
    expect(md).not.toContain('BDATADOG1');
    // Bots and integrations are not participants: people are.
    expect(md).toMatch(/\*\*Participants\*\*: Kim Kato\n/);
  });

  it('follows an integration’s update of its post, and its deletion', async () => {
    const alert = await post('10:08', datadogAlert);
    await mark('10:09', alert, 'rotating_light');
    const resolved = [{ title: '[Resolved] p99 latency on orders-api', text: 'p99 back to 180ms' }];
    clock = at('10:30');
    await t.standIn.integrationEdits(channel.id, alert, { attachments: resolved });
    expect((await marked()).map((e) => e.text)).toEqual(['[Resolved] p99 latency on orders-api\np99 back to 180ms']);
    await t.standIn.userDeletes(channel.id, alert);
    expect(await marked()).toEqual([]);
  });

  it('recovers a marked alert and rollback whose events never arrived, content and names included, at /incident postmortem', async () => {
    const alert = await post('10:08', datadogAlert, false);
    await mark('10:09', alert, 'rotating_light', false);
    const done = await post('10:40', rollback, false);
    await mark('10:41', done, 'white_check_mark', false);
    expect(await marked()).toEqual([]);

    await run('10:50', 'postmortem');
    const md = await draft();
    expect(section(md, '## Timeline')).toContain('Service: orders-api (Datadog)');
    expect(section(md, '## Timeline')).toContain('— [resolution] Rollback of cart to v41 complete (Deploy Bot)');
    expect(md).toContain('- **Time to detect**: 3 minutes (10:08 AM EDT)');
    expect((await marked()).map((e) => e.kind)).toEqual(['detection', 'resolution']);
  });

  it('makes no entry and no follow-up of the bot’s own status post, live or at reconciliation', async () => {
    await run('10:10', 'status identified');
    const own = t.standIn.messages(channel.id).filter((m) => m.user === t.standIn.botUserId && m.text.includes('changed the status'));
    expect(own).toHaveLength(1);
    const ts = own[0]?.ts ?? '';
    const before = (await t.repos.timeline.list(incidentId)).map((e) => e.key);
    await mark('10:11', ts, 'pushpin');
    await mark('10:12', ts, 'memo');
    expect((await t.repos.timeline.list(incidentId)).map((e) => e.key)).toEqual(before);
    expect(await t.repos.actions.list(incidentId)).toEqual([]);

    await run('10:20', 'postmortem');
    const md = await draft();
    expect((await t.repos.timeline.list(incidentId)).map((e) => e.key)).toEqual(before);
    expect(await t.repos.actions.list(incidentId)).toEqual([]);
    expect(section(md, '## Corrective and Preventative Measures')).not.toContain('- [ ]');
    expect(md).not.toMatch(/\] +\(/);
  });
});

/** People of another organization in a shared channel (Slack Connect) may not run the incident, unless allowed. */
describe('people from other organizations', () => {
  let t: TestApp;
  afterEach(() => t.stop());

  const setUp = async (env: Record<string, string> = {}) => {
    t = await startTestApp({ label: 'external', env });
    const kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    const val = t.standIn.addUser({ name: 'val', realName: 'Val Vendor', teamId: 'TVENDOR01' });
    const general = t.standIn.addChannel({ name: 'general', members: [kim.id] });
    await (await t.command(kim.id, general.id, 'start Payments failing')).nextResponse();
    const channel = t.standIn.channelByName('inc-1-payments-failing');
    if (!channel) throw new Error('no incident channel');
    t.standIn.state.join(channel, val.id);
    const incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
    return { kim, val, channel, incidentId };
  };

  it('are refused by default, but their marks on messages still count', async () => {
    const { val, channel, incidentId } = await setUp();
    const res = await t.command(val.id, channel.id, 'severity sev1');
    expect((await res.nextResponse()).text).toBe(
      'Incident #1 is run by its own organization: people from other organizations in this shared channel can post and mark messages, but not change the incident.',
    );
    expect((await t.repos.incidents.findById(incidentId))?.severity).toBeUndefined();

    const posted = await t.standIn.userPosts(val.id, channel.id, 'our gateway returns 502s');
    await t.standIn.userReacts(val.id, channel.id, String(posted.event.ts), 'rotating_light');
    expect((await t.repos.timeline.list(incidentId)).filter((e) => e.source === 'reaction').map((e) => [e.kind, e.text])).toEqual([['detection', 'our gateway returns 502s']]);
  });

  it('may run it with ALLOW_EXTERNAL_USERS=true', async () => {
    const { val, channel, incidentId } = await setUp({ ALLOW_EXTERNAL_USERS: 'true' });
    const res = await t.command(val.id, channel.id, 'severity sev1');
    await res.nextResponse();
    expect((await t.repos.incidents.findById(incidentId))?.severity).toBe('sev1');
  });
});
