import type { InputValue } from '../../src/localSlack/localSlack';
import type { Channel, OpenedView, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/** The pinned summary's buttons do exactly what the matching commands do, for the channel's members only. */
describe('buttons on the pinned summary', () => {
  let t: TestApp;
  let kim: User;
  let lee: User;
  let oz: User;
  let channel: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'summarybuttons' });
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    lee = t.standIn.addUser({ name: 'lee', realName: 'Lee Lund' });
    oz = t.standIn.addUser({ name: 'oz', realName: 'Oz Outside' });
    const general = t.standIn.addChannel({ name: 'general', members: [kim.id, lee.id, oz.id] });
    await (await t.command(kim.id, general.id, 'start sev3 Search is slow')).nextResponse();
    const found = t.standIn.channelByName('inc-1-search-is-slow');
    if (!found) throw new Error('no incident channel');
    channel = found;
    incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const summaryTs = async () => (await t.repos.incidents.findById(incidentId))?.summaryTs ?? '';
  /** Clicks a summary button and returns the form it opened. */
  const click = async (who: User, button: string): Promise<OpenedView> => {
    const before = t.standIn.views.length;
    const res = await t.standIn.userClicks(who.id, { channelId: channel.id, ts: await summaryTs() }, `summary_${button}`);
    expect(res.http.status).toBe(200);
    return waitUntil(() => t.standIn.views[before], { message: `no form opened for ${button}` });
  };
  const use = async (who: User, button: string, values: Record<string, InputValue>) => {
    const form = await click(who, button);
    const res = await t.standIn.userSubmitsView(who.id, form.id, values);
    expect(res.http.status).toBe(200);
    await t.settle();
  };
  const entries = async () => (await t.repos.timeline.list(incidentId)).filter((e) => e.kind !== 'declared');
  const incident = async () => t.repos.incidents.findById(incidentId);
  const ephemeralsTo = (who: User) => t.standIn.ephemerals.filter((e) => e.user === who.id).map((e) => e.text);

  it('the open summary carries the buttons, and the closed one none', async () => {
    const blocks = JSON.stringify(t.standIn.message(channel.id, await summaryTs())?.blocks);
    for (const b of ['note', 'update', 'status', 'severity', 'lead', 'action', 'close']) expect(blocks).toContain(`"action_id":"summary_${b}"`);
    // The stand-in clicks only what is shown: no such button, no click.
    await expect(t.standIn.userClicks(kim.id, { channelId: channel.id, ts: await summaryTs() }, 'summary_dance')).rejects.toThrow(/no button summary_dance/);
    await use(kim, 'close', {});
    expect(JSON.stringify(t.standIn.message(channel.id, await summaryTs())?.blocks)).not.toContain('summary_');
  });

  it('each button records what its command records, with the same posts and answers', async () => {
    await use(kim, 'note', { text: 'restarted search-2 & search-3' });
    const statusForm = await click(kim, 'status');
    // The form starts from where the incident stands.
    expect(JSON.stringify(statusForm.view.blocks)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Investigating"},"value":"investigating"}');
    await t.standIn.userSubmitsView(kim.id, statusForm.id, { status: 'identified' });
    await t.settle();
    await use(kim, 'severity', { severity: 'sev1' });
    await use(kim, 'lead', { lead: lee.id });
    await use(kim, 'action', { text: 'add a shard', owner: lee.id });
    await use(kim, 'update', { text: 'shards rebalancing, search slow but up' });

    expect((await entries()).map((e) => [e.kind, e.source, e.text])).toEqual([
      ['note', 'command', 'restarted search-2 & search-3'],
      ['status', 'command', 'Status changed from investigating to identified'],
      ['severity', 'command', 'Severity changed from SEV3 to SEV1'],
      ['role', 'command', '@Lee Lund is now lead'],
      ['action', 'command', 'add a shard (owner @Lee Lund)'],
      ['update', 'command', 'Status update: shards rebalancing, search slow but up'],
    ]);
    expect(await incident()).toMatchObject({ phase: 'identified', severity: 'sev1', roles: { lead: lee.id } });
    expect((await t.repos.actions.list(incidentId)).map((a) => [a.text, a.ownerId])).toEqual([['add a shard', lee.id]]);
    expect(t.standIn.channel(channel.id)?.members).toContain(lee.id);
    // The same posts in the channel as the commands make, and the answers only the clicker sees.
    const posts = t.standIn.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id).map((c) => String(c.args.text));
    expect(posts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('changed the status from *investigating* to *identified*'),
        expect.stringContaining('added a follow-up action: add a shard'),
        `:loudspeaker: *Status update* from <@${kim.id}>:\nshards rebalancing, search slow but up`,
      ]),
    );
    expect(ephemeralsTo(kim)).toEqual([
      expect.stringMatching(/^Added to the timeline at/),
      'Status set to *identified*.',
      'Severity set to *SEV1*.',
      `<@${lee.id}> is now lead.`,
      'Follow-up action #1 added.',
      'Status update posted.',
    ]);

    await use(kim, 'close', { resolution: 'rebalanced the shards' });
    expect(await incident()).toMatchObject({ status: 'closed', closedBy: kim.id });
    expect((await entries()).at(-1)).toMatchObject({ kind: 'closed', text: 'Incident closed: rebalanced the shards' });
  });

  it('refuses someone outside the incident channel at the click: only they hear why, no form opens, nothing changes', async () => {
    for (const button of ['note', 'update', 'status', 'severity', 'lead', 'action', 'close']) {
      const before = t.standIn.views.length;
      const res = await t.standIn.userClicks(oz.id, { channelId: channel.id, ts: await summaryTs() }, `summary_${button}`);
      expect(res.http.status).toBe(200);
      await t.settle();
      expect(t.standIn.views).toHaveLength(before);
      const url = String(res.payload.response_url);
      const answer = await waitUntil(() => t.standIn.responses.find((r) => url.endsWith(`/${r.id}`)));
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/^Only members of <#/) });
    }
    expect(await entries()).toEqual([]);
    expect(await incident()).toMatchObject({ status: 'open', phase: 'investigating', severity: 'sev3', roles: {} });
  });

  it('refuses a form submitted by someone who left the channel after opening it: the stored command is checked too', async () => {
    t.standIn.state.join(t.standIn.channel(channel.id) as Channel, lee.id);
    const form = await click(lee, 'severity');
    const ch = t.standIn.channel(channel.id);
    if (ch) ch.members = ch.members.filter((m) => m !== lee.id);
    await t.standIn.userSubmitsView(lee.id, form.id, { severity: 'sev1' });
    await t.settle();
    expect(await incident()).toMatchObject({ severity: 'sev3' });
    expect(await entries()).toEqual([]);
    // Not in the channel any more: the refusal comes as a direct message.
    const dm = t.standIn.callsTo('chat.postMessage').find((c) => c.args.channel === lee.id);
    expect(String(dm?.args.text)).toMatch(/^Only members of <#/);
  });

  it('applies a redelivered submission once', async () => {
    const form = await click(kim, 'note');
    const res = await t.standIn.userSubmitsView(kim.id, form.id, { text: 'failover done' }, { twice: true });
    expect([res.http.status, res.again?.status]).toEqual([200, 200]);
    await t.settle();
    expect((await entries()).map((e) => e.text)).toEqual(['failover done']);
    expect(ephemeralsTo(kim)).toHaveLength(1);
  });

  it('shows a missing note as an error in the form, and stores nothing', async () => {
    const form = await click(kim, 'note');
    const res = await t.standIn.userSubmitsView(kim.id, form.id, { text: '   ' });
    expect(JSON.parse(res.http.body)).toEqual({ response_action: 'errors', errors: { text: 'Write the note.' } });
    await t.settle();
    expect(await entries()).toEqual([]);
  });
});
