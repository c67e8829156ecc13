import { asFallback } from '../../src/localSlack/dateTokens';
import type { IntegrationPost, InputValue, InteractionOptions } from '../../src/localSlack/localSlack';
import type { Channel, OpenedView, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

const at = (hhmm: string) => {
  // Clock times on 2024-07-10 in New York (EDT, UTC−4).
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2024, 6, 10, (h ?? 0) + 4, m ?? 0, 0) / 1000;
};

/** A monitoring bot's alert with a graph attached, as a newer app posts it. */
const grafanaAlert: IntegrationPost = {
  app: { userId: 'UGRAFANA1', name: 'Grafana' },
  botId: 'BGRAFANA1',
  text: 'Error rate on checkout &gt; 5% &amp; rising',
  files: [
    { id: 'F0GRAPH01', name: 'error-rate.png', title: 'error rate', permalink: 'https://standin.slack.com/files/UGRAFANA1/F0GRAPH01/error-rate.png' },
    { id: 'F0TRACE01', name: 'trace.txt', title: 'trace' },
  ],
};

/** "Add to incident timeline" on messages anywhere: the form, its answer, and the entry that follows its message. */
describe('the Add to incident timeline shortcut', () => {
  let t: TestApp;
  let clock: number;
  let kim: User;
  let lee: User;
  let general: Channel;
  let alerts: Channel;
  let incidentChannel: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'addtotimeline', env: { INCIDENT_TIMEZONE: 'America/New_York' } });
    clock = at('10:00');
    t.standIn.setClock(() => clock);
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    lee = t.standIn.addUser({ name: 'lee', realName: 'Lee Lund' });
    general = t.standIn.addChannel({ name: 'general', members: [kim.id, lee.id] });
    alerts = t.standIn.addChannel({ name: 'alerts', members: [kim.id, lee.id] });
    await (await t.command(kim.id, general.id, 'start sev2 Checkout errors')).nextResponse();
    const found = t.standIn.channelByName('inc-1-checkout-errors');
    if (!found) throw new Error('no incident channel');
    incidentChannel = found;
    incidentId = (await t.repos.incidents.findByChannel(found.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const added = async () => (await t.repos.timeline.list(incidentId)).filter((e) => e.source === 'shortcut');
  const say = async (hhmm: string, who: User, channel: Channel, text: string, threadTs?: string) => {
    clock = at(hhmm);
    return String((await t.standIn.userPosts(who.id, channel.id, text, threadTs ? { threadTs } : {})).event.ts);
  };
  /** Runs the shortcut and returns the form it opened. */
  const shortcut = async (who: User, channel: Channel, ts: string, opts: InteractionOptions = {}): Promise<OpenedView> => {
    const before = t.standIn.views.length;
    const res = await t.standIn.userRunsShortcut(who.id, channel.id, ts, 'add_to_timeline', opts);
    expect(res.http.status).toBe(200);
    return waitUntil(() => t.standIn.views[before], { message: 'no form opened' });
  };
  const submit = async (who: User, view: OpenedView, values: Record<string, InputValue>, opts: InteractionOptions = {}) => {
    const res = await t.standIn.userSubmitsView(who.id, view.id, { incident: incidentId, ...values }, opts);
    expect(res.http.status).toBe(200);
    await t.settle();
    return res;
  };
  const ephemeralsTo = (who: User, channel: Channel) => t.standIn.ephemerals.filter((e) => e.user === who.id && e.channel === channel.id).map((e) => e.text);
  const draft = async () => {
    clock = at('11:00');
    await (await t.command(kim.id, incidentChannel.id, 'postmortem')).nextResponse();
    await t.settle();
    return (await t.repos.postmortems.latest(incidentId))?.markdown ?? '';
  };

  it('adds a message from another channel, as the category chosen, at its own time, with a note, and answers only its adder', async () => {
    const ts = await say('10:02', lee, alerts, 'checkout p99 is 9s & climbing <3');
    clock = at('10:10');
    const form = await shortcut(kim, alerts, ts);
    expect(form.view.callback_id).toBe('add_to_timeline_form');
    // Outside an incident channel nothing is preselected: the open incidents are offered.
    const incidentSelect = JSON.stringify(form.view.blocks);
    expect(incidentSelect).toContain('#1 Checkout errors');
    expect(incidentSelect).not.toContain('"initial_option":{"text":{"type":"plain_text","text":"#1');
    await submit(kim, form, { category: 'detection', note: 'first sign <@U0> & co' });

    const [entry, ...rest] = await added();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'detection',
      text: 'checkout p99 is 9s & climbing <3',
      authorName: 'Lee Lund',
      at: new Date(Number(ts) * 1000),
      note: 'first sign <@U0> & co',
      permalink: expect.stringContaining(`/archives/${alerts.id}/p${ts.replace('.', '')}`),
    });
    expect(ephemeralsTo(kim, alerts).map((text) => asFallback(text ?? ''))).toEqual([expect.stringMatching(/^Added to the timeline of incident #1 .* at Jul 10, 10:02 AM EDT\.$/)]);
    // The pinned summary was brought up to date, and nobody else was told.
    expect(t.standIn.ephemerals.filter((e) => e.user !== kim.id)).toEqual([]);
  });

  it('adds a thread reply at a changed time without a note, and the draft links it', async () => {
    const parent = await say('10:01', lee, alerts, 'deploy 4411 started');
    const reply = await say('10:04', kim, alerts, 'rolled back 4411', parent);
    const form = await shortcut(kim, alerts, reply);
    await submit(kim, form, { category: 'mitigation', time: at('10:03') });

    const [entry] = await added();
    expect(entry).toMatchObject({ kind: 'mitigation', text: 'rolled back 4411', at: new Date(at('10:03') * 1000), permalink: expect.stringContaining(`thread_ts=${parent}`) });
    expect(entry?.note).toBeUndefined();
    const md = await draft();
    expect(md).toMatch(/- \*\*10:03 AM\*\* — \[mitigation\] rolled back 4411 \(Kim Kato\) — \[message\]\(https:\/\/\S+\)/);
  });

  it('inside the incident channel preselects its incident; a message added twice is one entry, and a redelivered submission applies once', async () => {
    t.standIn.state.join(incidentChannel, lee.id);
    const ts = await say('10:05', lee, incidentChannel, 'cache hit ratio fell to 20%');
    const form = await shortcut(kim, incidentChannel, ts);
    expect(JSON.stringify(form.view.blocks)).toContain(`"initial_option":{"text":{"type":"plain_text","text":"#1 Checkout errors","emoji":true},"value":"${incidentId}"}`);
    // Slack delivers the same submission twice: one entry, one answer.
    await t.standIn.userSubmitsView(kim.id, form.id, { category: 'root_cause' }, { twice: true });
    await t.settle();
    expect(ephemeralsTo(kim, incidentChannel)).toEqual([expect.stringMatching(/^Added to the timeline/)]);

    // Someone else adds it again, as something else: still one entry, as first added, and they hear so.
    const again = await shortcut(lee, incidentChannel, ts);
    await submit(lee, again, { category: 'note' });
    expect((await added()).map((e) => [e.kind, e.text])).toEqual([['root_cause', 'cache hit ratio fell to 20%']]);
    expect(ephemeralsTo(lee, incidentChannel)).toEqual(['That message is on the timeline of incident #1 (<#' + incidentChannel.id + '>) already.']);
    // Marked as well, it stays one entry.
    await t.standIn.userReacts(lee.id, incidentChannel.id, ts, 'pushpin');
    expect((await t.repos.timeline.list(incidentId)).filter((e) => e.text === 'cache hit ratio fell to 20%')).toHaveLength(1);
  });

  it('follows later edits of the message, and its deletion, in a channel that is no incident’s', async () => {
    const ts = await say('10:02', lee, alerts, 'payments look slow');
    await submit(kim, await shortcut(kim, alerts, ts), { category: 'investigation' });
    clock = at('10:20');
    await t.standIn.userEdits(lee.id, alerts.id, ts, 'payments look slow: gateway timeouts');
    expect((await added()).map((e) => e.text)).toEqual(['payments look slow: gateway timeouts']);
    // Other messages of that channel are not kept.
    await say('10:21', lee, alerts, 'unrelated chatter');
    expect((await t.db.models.transcript.find({ channelId: alerts.id }).lean()).map((m) => m.ts)).toEqual([ts]);
    await t.standIn.userDeletes(alerts.id, ts);
    expect(await added()).toEqual([]);
  });

  it('says when a message carries files, and the draft lists them under the entry', async () => {
    clock = at('10:03');
    const ts = String((await t.standIn.integrationPosts(alerts.id, grafanaAlert)).event.ts);
    await submit(kim, await shortcut(kim, alerts, ts), { category: 'detection' });
    expect(ephemeralsTo(kim, alerts)).toEqual([expect.stringMatching(/, with 2 files\.$/)]);
    const [entry] = await added();
    expect(entry).toMatchObject({ text: 'Error rate on checkout > 5% & rising', authorName: 'Grafana', files: [{ name: 'error-rate.png', link: grafanaAlert.files?.[0]?.permalink }, { name: 'trace.txt' }] });

    const md = await draft();
    const lines = md.split('\n');
    const at1003 = lines.findIndex((l) => l.includes('[detection] Error rate on checkout \\> 5% & rising (Grafana) — [message]('));
    expect(at1003).toBeGreaterThan(0);
    expect(lines.slice(at1003 + 1, at1003 + 3)).toEqual([
      `  - File: [error-rate.png](${grafanaAlert.files?.[0]?.permalink})`,
      '  - File: trace.txt',
    ]);
  });

  it('refuses someone who is not in the incident channel, and changes nothing', async () => {
    const outsider = t.standIn.addUser({ name: 'oz', realName: 'Oz Outside' });
    t.standIn.channel(alerts.id)?.members.push(outsider.id);
    const ts = await say('10:02', lee, alerts, 'disk full on db-3');
    await submit(outsider, await shortcut(outsider, alerts, ts), { category: 'detection' });
    expect(await added()).toEqual([]);
    expect(ephemeralsTo(outsider, alerts)).toEqual([expect.stringMatching(/^Only members of <#/)]);
  });

  it('opens no form when the trigger is older than Slack allows, as Slack refuses it', async () => {
    const ts = await say('10:02', lee, alerts, 'latency alert');
    const before = t.standIn.views.length;
    await t.standIn.userRunsShortcut(kim.id, alerts.id, ts, 'add_to_timeline', { triggerAgeSec: 4 });
    await t.settle();
    expect(t.standIn.views).toHaveLength(before);
    expect(t.standIn.callsTo('views.open').at(-1)?.result).toMatchObject({ ok: false, error: 'expired_trigger_id' });
  });
});
