import { asFallback, asShownTo } from '../../src/localSlack/dateTokens';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

/** `/incident update`: a status update for stakeholders, and a nudge when none came for a while. */
describe('status updates', () => {
  let t: TestApp;
  let clock: number;
  let ivy: User;
  let jon: User;
  let announcements: Channel;
  let general: Channel;
  const minutes = (m: number) => {
    clock += m * 60;
  };

  beforeEach(async () => {
    t = await startTestApp({ label: 'updates', env: { ANNOUNCEMENTS_CHANNEL: 'C9000001', UPDATE_REMINDER_MINUTES: '30' } });
    clock = Date.UTC(2024, 5, 1, 12, 0, 0) / 1000;
    t.standIn.setClock(() => clock);
    ivy = t.standIn.addUser({ name: 'ivy', realName: 'Ivy Ito' });
    jon = t.standIn.addUser({ name: 'jon', realName: 'Jon Jones' });
    general = t.standIn.addChannel({ name: 'general', members: [ivy.id, jon.id] });
    announcements = t.standIn.addChannel({ id: 'C9000001', name: 'incidents', botIsMember: false });
  });
  afterEach(() => t.stop());

  const declare = async (flags = '') => {
    await (await t.command(ivy.id, general.id, `start ${flags} sev2 Payments API errors`.replace(/\s+/g, ' '))).nextResponse();
    const incident = (await t.repos.incidents.listOpen()).at(-1);
    if (!incident) throw new Error('not declared');
    return incident;
  };
  const summaryOf = async (channelId: string) => {
    const stored = await t.repos.incidents.findByChannel(channelId);
    return asFallback(JSON.stringify(t.standIn.message(channelId, stored?.summaryTs ?? '')?.blocks));
  };

  it('posts the update in the channel and the announcements channel, shows it in the summary and puts it on the timeline', async () => {
    const incident = await declare();
    expect(await summaryOf(incident.channelId)).toContain('*Last status update*\\n_none yet: `/incident update <text>`_');
    minutes(12);
    const res = await t.command(ivy.id, incident.channelId, 'update Card payments fail for about 5% of EU customers; a fix is rolling out');
    expect((await res.nextResponse()).text).toBe('Status update posted here and in the announcements channel.');
    await t.settle();
    expect(t.standIn.messages(incident.channelId).map((m) => m.text)).toContain(
      `:loudspeaker: *Status update* from <@${ivy.id}>:\nCard payments fail for about 5% of EU customers; a fix is rolling out`,
    );
    expect(t.standIn.messages(announcements.id).map((m) => m.text)).toContain(
      `:loudspeaker: *Incident #1: Payments API errors* (<#${incident.channelId}>), update from <@${ivy.id}>:\nCard payments fail for about 5% of EU customers; a fix is rolling out`,
    );
    expect(await summaryOf(incident.channelId)).toContain('*Last status update*\\nJun 1, 12:12 PM UTC (less than a minute ago)');
    // The age counts on in each reader's Slack between edits of the summary: 20 minutes on, nothing edited, a reader
    // in London reads "20 minutes ago".
    minutes(20);
    const stored = await t.repos.incidents.findByChannel(incident.channelId);
    const shown = asShownTo(JSON.stringify(t.standIn.message(incident.channelId, stored?.summaryTs ?? '')?.blocks), 'Europe/London', new Date(clock * 1000));
    expect(shown).toContain('*Last status update*\\nToday 1:12 PM (20 minutes ago)');
    const entries = await t.repos.timeline.list(incident.id);
    expect(entries.filter((e) => e.kind === 'update').map((e) => e.text)).toEqual(['Status update: Card payments fail for about 5% of EU customers; a fix is rolling out']);

    await t.command(ivy.id, incident.channelId, 'close fixed');
    await t.settle();
    const draft = await t.repos.postmortems.latest(incident.id);
    expect(draft?.markdown).toContain('[update] Status update: Card payments fail for about 5% of EU customers; a fix is rolling out (Ivy Ito)');
  });

  it('keeps a private incident’s updates out of the announcements channel', async () => {
    const incident = await declare('--private');
    const res = await t.command(ivy.id, incident.channelId, 'update still looking');
    expect((await res.nextResponse()).text).toBe('Status update posted.');
    await t.settle();
    expect(t.standIn.messages(incident.channelId).map((m) => m.text)).toContain(`:loudspeaker: *Status update* from <@${ivy.id}>:\nstill looking`);
    expect(t.standIn.messages(announcements.id).map((m) => m.text).join('\n')).not.toContain('still looking');
  });

  it('nudges the lead once per interval without an update, and the channel when there is no lead', async () => {
    const withLead = await declare();
    await t.command(ivy.id, withLead.channelId, `lead <@${jon.id}>`);
    const remind = () => t.bot.runJob('update-reminders');
    const nudgesTo = (channel: string) => t.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && String(c.args.text).includes('has had no status update'));

    minutes(29);
    await remind();
    expect(nudgesTo(jon.id)).toHaveLength(0);
    minutes(2);
    await remind();
    await remind();
    expect(nudgesTo(jon.id)).toHaveLength(1);
    expect(String(nudgesTo(jon.id)[0]?.args.text)).toBe(
      `:memo: Incident #1 (<#${withLead.channelId}>) has had no status update for 31 minutes (since it was declared). Post one with \`/incident update <where things stand>\`.`,
    );
    // An update resets the clock; the next nudge comes an interval after it.
    minutes(5);
    await t.command(jon.id, withLead.channelId, 'update rollback started');
    minutes(29);
    await remind();
    expect(nudgesTo(jon.id)).toHaveLength(1);
    minutes(2);
    await remind();
    expect(nudgesTo(jon.id)).toHaveLength(2);
    expect(String(nudgesTo(jon.id)[1]?.args.text)).toContain('for 31 minutes (since the last status update)');

    // No lead: the channel is nudged instead.
    const leaderless = await declare();
    minutes(31);
    await remind();
    expect(t.standIn.messages(leaderless.channelId).map((m) => m.text).filter((x) => x?.includes('has had no status update'))).toHaveLength(1);
  });

  it('refuses an update without text, and one from someone outside the channel', async () => {
    const incident = await declare();
    expect((await t.command(ivy.id, incident.channelId, 'update')).ack).toEqual({ response_type: 'ephemeral', text: 'Say where things stand: `/incident update &lt;text&gt;`.' });
    const lou = t.standIn.addUser({ name: 'lou', realName: 'Lou Lim' });
    const refused = (await (await t.command(lou.id, incident.channelId, 'update all good')).nextResponse()).text;
    expect(refused).toMatch(/^Only members of <#C\w+> can change incident #1/);
    await t.settle();
    expect(t.standIn.messages(incident.channelId).map((m) => m.text).join('\n')).not.toContain('all good');
    expect((await t.repos.timeline.list(incident.id)).filter((e) => e.kind === 'update')).toEqual([]);
  });
});
