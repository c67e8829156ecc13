import { asFallback } from '../../src/localSlack/dateTokens';
import { sendInteraction, sendSlashCommand } from '../../src/localSlack/signing';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/** Every /incident command, through the real app, the Slack stand-in and the database. */
describe('incident lifecycle commands', () => {
  let t: TestApp;
  let clock: number;
  let ann: User;
  let ben: User;
  let cat: User;
  let general: Channel;
  let channel: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'lifecycle', env: { INCIDENT_TIMEZONE: 'Europe/Berlin' } });
    clock = Date.UTC(2024, 2, 5, 9, 0, 0) / 1000; // 10:00 in Berlin (CET)
    t.standIn.setClock(() => clock);
    ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    ben = t.standIn.addUser({ name: 'ben', realName: 'Ben Brooks' });
    cat = t.standIn.addUser({ name: 'cat', realName: 'Cat Chen', displayName: 'catc' });
    general = t.standIn.addChannel({ name: 'general', members: [ann.id, ben.id, cat.id] });
    const start = await t.command(ann.id, general.id, 'start sev2 Search latency over 5s');
    expect((await start.nextResponse()).text).toMatch(/^Incident #1 declared/);
    const found = t.standIn.channelByName('inc-1-search-latency-over-5s');
    if (!found) throw new Error('incident channel missing');
    channel = found;
    incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const incident = async () => {
    const i = await t.repos.incidents.findByChannel(channel.id);
    if (!i) throw new Error('incident missing');
    return i;
  };
  const entries = () => t.repos.timeline.list(incidentId);
  const run = async (user: User, text: string, where: Channel = channel) => {
    const res = await t.command(user.id, where.id, text);
    expect(res.http.status).toBe(200);
    if (res.ack?.text) return res.ack.text;
    return (await res.nextResponse()).text ?? '';
  };

  it('declares with a severity and pins one summary that is edited in place after every change', async () => {
    const summaryTs = (await incident()).summaryTs ?? '';
    expect((await incident()).severity).toBe('sev2');
    expect(await run(ann, 'status identified')).toBe('Status set to *identified*.');
    expect(await run(ann, 'severity sev1')).toBe('Severity set to *SEV1*.');
    expect(t.standIn.pins(channel.id)).toEqual([summaryTs]);
    const updates = t.standIn.callsTo('chat.update');
    expect(updates.map((c) => c.args.ts)).toEqual([summaryTs, summaryTs]);
    const summary = JSON.stringify(t.standIn.message(channel.id, summaryTs)?.blocks);
    expect(summary).toContain('SEV1');
    expect(summary).toContain('Identified');
    expect((await entries()).map((e) => [e.kind, e.text, e.authorName])).toEqual([
      ['declared', 'Incident declared: Search latency over 5s', 'Ann Alvarez'],
      ['status', 'Status changed from investigating to identified', 'Ann Alvarez'],
      ['severity', 'Severity changed from SEV2 to SEV1', 'Ann Alvarez'],
    ]);
    const i = await incident();
    expect(i.phase).toBe('identified');
    expect(i.milestones.identified?.toISOString()).toBe('2024-03-05T09:00:00.000Z');
    const posts = t.standIn.messages(channel.id).map((m) => m.text);
    expect(posts).toContain(`<@${ann.id}> changed the status from *investigating* to *identified*.`);
  });

  it('backdates a note to the most recent past occurrence of the time, in INCIDENT_TIMEZONE', async () => {
    expect(asFallback(await run(ann, 'note 09:30 first 502s in the edge logs'))).toBe('Added to the timeline at Mar 5, 9:30 AM GMT+1.');
    expect(asFallback(await run(ann, 'note 11:15pm batch job started'))).toBe('Added to the timeline at Mar 4, 11:15 PM GMT+1.');
    const notes = (await entries()).filter((e) => e.kind === 'note');
    expect(notes.map((n) => [n.at.toISOString(), n.text])).toEqual([
      ['2024-03-04T22:15:00.000Z', 'batch job started'],
      ['2024-03-05T08:30:00.000Z', 'first 502s in the edge logs'],
    ]);
  });

  it('rejects a malformed time and changes nothing', async () => {
    expect(await run(ann, 'note 25:61 hmm')).toMatch(/is not a time/);
    expect((await entries()).filter((e) => e.kind === 'note')).toHaveLength(0);
  });

  it('stores a 3,000+ character note whole', async () => {
    const long = 'x'.repeat(3500);
    await run(ann, `note ${long}`);
    expect((await entries()).find((e) => e.kind === 'note')?.text).toBe(long);
  });

  it('assigns roles by mention or by name, inviting the person, and refuses someone who does not exist', async () => {
    expect(await run(ann, `lead <@${ben.id}|ben>`)).toBe(`<@${ben.id}> is now lead.`);
    expect(await run(ann, 'role scribe @catc')).toBe(`<@${cat.id}> is now scribe.`);
    expect(channel.members).toEqual(expect.arrayContaining([ben.id, cat.id]));
    expect((await incident()).roles).toEqual({ lead: ben.id, scribe: cat.id });
    expect(await run(ann, 'role comms @nobody')).toMatch(/could not find @nobody/);
    expect(await run(ann, 'role comms <@U9999999>')).toBe('I could not find that person in this workspace.');
    expect((await incident()).roles.comms).toBeUndefined();
    expect((await entries()).filter((e) => e.kind === 'role').map((e) => e.text)).toEqual([
      '@Ben Brooks is now lead',
      '@Cat Chen is now scribe',
    ]);
  });

  it('records impact, root cause and actions verbatim, escaping what it echoes', async () => {
    await run(ann, 'impact 12% of EU searches <!channel> timed out (approx. 48,000 requests)');
    await run(ann, 'rootcause shard rebalancing saturated the index nodes');
    await run(ann, `action add a rebalancing rate limit <@${ben.id}>`);
    const i = await incident();
    expect(i.impact).toBe('12% of EU searches <!channel> timed out (approx. 48,000 requests)');
    expect(i.rootCause).toBe('shard rebalancing saturated the index nodes');
    const actions = await t.repos.actions.list(incidentId);
    expect(actions.map((a) => [a.text, a.ownerId])).toEqual([['add a rebalancing rate limit', ben.id]]);
    const texts = t.standIn.messages(channel.id).map((m) => m.text);
    expect(texts.filter((x) => x.includes('<!channel>'))).toEqual([]);
    expect(texts.some((x) => x.includes('@channel timed out (approx. 48,000 requests)'))).toBe(true);
    expect((await entries()).map((e) => e.kind)).toEqual(['declared', 'impact', 'root_cause', 'action']);
  });

  it('only lets channel members change the incident, and names the incident channels elsewhere', async () => {
    expect(await run(ben, 'status monitoring')).toMatch(/^Only members of <#/);
    expect((await incident()).phase).toBe('investigating');
    expect(await run(ann, 'status monitoring', general)).toBe(
      `This is not an incident channel: run this command in the incident's channel. Open incidents: <#${channel.id}>.`,
    );
  });

  it('closes, refuses changes while closed, reopens, and lists open incidents', async () => {
    await t.command(ann.id, channel.id, 'close rolled back the rebalance');
    await t.settle();
    expect((await incident()).status).toBe('closed');
    expect(await run(ann, 'note late detail')).toMatch(/is closed. `\/incident reopen` reopens it/);
    expect(await run(ann, 'list', general)).toBe('No open incidents.');
    expect(await run(ann, 'reopen')).toBe('Incident #1 is open again.');
    expect(await run(ann, 'reopen')).toBe('Incident #1 is open already.');
    expect(await run(ann, 'list', general)).toBe(`*Open incidents*\n• <#${channel.id}> #1 Search latency over 5s — SEV2, investigating`);
    expect((await entries()).map((e) => e.kind)).toEqual(['declared', 'closed', 'reopened']);
  });

  it('records the stated impact window, refusing an end before the start', async () => {
    expect(asFallback(await run(ann, 'started 9:40'))).toBe('The impact started at Mar 5, 9:40 AM GMT+1: the postmortem will use that time.');
    expect(asFallback(await run(ann, 'ended 09:20'))).toBe('The impact cannot have ended at Mar 5, 9:20 AM GMT+1: it started at Mar 5, 9:40 AM GMT+1.');
    expect((await incident()).impactEndedAt).toBeUndefined();
    expect(asFallback(await run(ann, 'ended 9:55am'))).toBe('The impact ended at Mar 5, 9:55 AM GMT+1: the postmortem will use that time.');
    const i = await incident();
    expect([i.impactStartedAt?.toISOString(), i.impactEndedAt?.toISOString()]).toEqual(['2024-03-05T08:40:00.000Z', '2024-03-05T08:55:00.000Z']);
    expect((await entries()).filter((e) => e.text.startsWith('Impact ')).map((e) => e.text)).toEqual([
      'Impact started (as stated by Ann Alvarez)',
      'Impact ended (as stated by Ann Alvarez)',
    ]);
  });

  it('declares one incident when two replicas receive the same command invocation', async () => {
    const replica = await startTestApp({ label: 'lifecycle', replicaOf: t });
    try {
      const fields = { text: 'start Duplicate delivery', userId: ann.id, channelId: general.id, triggerId: '777.888.999' };
      const answers = await Promise.all(
        [t.appUrl, replica.appUrl].map((url) => sendSlashCommand(url, SIGNING_SECRET, { ...fields, responseUrl: t.standIn.newResponseUrl() })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await Promise.all([t.settle(), replica.settle()]);
      expect(t.standIn.callsTo('conversations.create').filter((c) => String(c.args.name).includes('duplicate-delivery'))).toHaveLength(1);
      expect((await t.repos.incidents.listOpen()).map((i) => i.title)).toEqual(['Search latency over 5s', 'Duplicate delivery']);
    } finally {
      await replica.stop();
    }
  });

  it('declares from the modal when /incident start has no title', async () => {
    const res = await t.command(cat.id, general.id, 'start sev3');
    expect(res.http.status).toBe(200);
    const opened = await waitUntil(() => t.standIn.views.find((v) => v.view.callback_id === 'declare_incident'));
    expect(JSON.stringify(opened.view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"SEV3"},"value":"sev3"}');
    const submit = (values: Record<string, unknown>) =>
      sendInteraction(t.appUrl, SIGNING_SECRET, {
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: cat.id, name: 'cat' },
        api_app_id: 'A0001',
        trigger_id: '9.9.9',
        view: { ...opened.view, id: opened.id, state: { values } },
      });
    const empty = await submit({ title: { value: { type: 'plain_text_input', value: '  ' } } });
    expect(JSON.parse(empty.body)).toEqual({ response_action: 'errors', errors: { title: 'Give the incident a title.' } });

    const ok = await submit({
      title: { value: { type: 'plain_text_input', value: 'Login failures' } },
      severity: { value: { type: 'static_select', selected_option: { value: 'sev3' } } },
      impact: { value: { type: 'plain_text_input', value: 'SSO users cannot log in' } },
      lead: { value: { type: 'users_select', selected_user: ben.id } },
    });
    expect(ok.status).toBe(200);
    await t.settle();
    const created = t.standIn.channelByName('inc-2-login-failures');
    expect(created?.members).toEqual(expect.arrayContaining([cat.id, ben.id]));
    const declared = await t.repos.incidents.findByChannel(created?.id ?? '');
    expect(declared).toMatchObject({ severity: 'sev3', impact: 'SSO users cannot log in', roles: { lead: ben.id }, declaredBy: cat.id });
    // The form has no response_url: the answer is a direct message, which Slack opens for a user id.
    const dm = t.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === cat.id && String(c.args.text).startsWith('Incident #2 declared'));
    expect(dm?.result).toMatchObject({ ok: true, channel: expect.stringMatching(/^D/) });
    expect(t.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === cat.id)).toHaveLength(1);
  });
});
