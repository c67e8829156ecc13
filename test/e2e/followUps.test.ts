import { sendInteraction } from '../../src/localSlack/signing';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } };

/** Follow-up actions: numbered, owned, listed with their state, marked done by command or by button. */
describe('follow-up actions', () => {
  let t: TestApp;
  let clock: number;
  let ivy: User;
  let jon: User;
  let lou: User;
  let general: Channel;
  let channelId: string;

  beforeAll(async () => {
    t = await startTestApp({ label: 'follow-ups', env: { ACTION_DUE_DAYS: '2' } });
    clock = Date.UTC(2024, 5, 1, 12, 0, 0) / 1000;
    t.standIn.setClock(() => clock);
    ivy = t.standIn.addUser({ name: 'ivy', realName: 'Ivy Ito' });
    jon = t.standIn.addUser({ name: 'jon', realName: 'Jon Jones' });
    lou = t.standIn.addUser({ name: 'lou', realName: 'Lou Lim' });
    general = t.standIn.addChannel({ name: 'general', members: [ivy.id, jon.id, lou.id] });
    await (await t.command(ivy.id, general.id, 'start sev2 Orders stuck')).nextResponse();
    channelId = t.standIn.channelByName('inc-1-orders-stuck')?.id ?? '';
    await t.command(ivy.id, channelId, `lead <@${jon.id}>`);
  });
  afterAll(() => t.stop());

  const answer = async (user: User, text: string) => (await (await t.command(user.id, channelId, text)).nextResponse()).text;
  const dmsTo = (user: User) => t.standIn.callsTo('chat.postMessage').filter((c) => String(c.args.channel) === user.id).map((c) => String(c.args.text));
  /** Presses a Done button the bot rendered, as Slack sends it (same trigger when Slack delivers it again). */
  const press = (user: User, button: { value: string }, trigger: string, from: { responseUrl?: string } = {}) =>
    sendInteraction(t.appUrl, SIGNING_SECRET, {
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0001',
      trigger_id: trigger,
      ...(from.responseUrl ? { response_url: from.responseUrl, container: { type: 'message' } } : { container: { type: 'view', view_id: 'VHOME' } }),
      actions: [{ type: 'button', action_id: 'action_done', block_id: 'b', value: button.value, action_ts: `${clock}.000100` }],
    });
  const doneButtons = (blocks: Block[] | undefined) => (blocks ?? []).flatMap((b) => (b.accessory?.action_id === 'action_done' ? [{ text: b.text?.text ?? '', value: b.accessory.value }] : []));

  it('numbers actions, tells their owners, and lists them with owners, state and Done buttons', async () => {
    expect(await answer(ivy, `action add backoff to cart retries <@${lou.id}>`)).toBe('Follow-up action #1 added.');
    expect(await answer(ivy, 'action write the retry runbook')).toBe('Follow-up action #2 added.');
    expect(await answer(jon, `action alert on retry rate <@${jon.id}>`)).toBe('Follow-up action #3 added.');
    await t.settle();
    // The owner hears of it; giving oneself an action sends no message.
    expect(dmsTo(lou)).toEqual([`<@${ivy.id}> gave you follow-up action #1 of incident #1 (<#${channelId}>): add backoff to cart retries`]);
    expect(dmsTo(jon).filter((m) => m.includes('gave you'))).toEqual([]);

    const listed = await t.command(jon.id, channelId, 'actions');
    const body = (await listed.nextResponse()) as { text?: string; blocks?: Block[] };
    expect(body.text?.split('\n')[0]).toBe('*Follow-up actions of incident #1* (3 open of 3)');
    expect(body.text).toContain(`*#1* add backoff to cart retries · <@${lou.id}> · :black_square_button: open`);
    expect(body.text).toContain('*#2* write the retry runbook · _no owner_ · :black_square_button: open');
    expect(doneButtons(body.blocks).map((b) => b.value)).toEqual([`${channelId}|1`, `${channelId}|2`, `${channelId}|3`]);
  });

  it('marks one done by command and by its button, once even when Slack delivers the press twice', async () => {
    expect(await answer(ivy, 'action done 2')).toBe('Follow-up action #2 is done: write the retry runbook');
    expect(await answer(ivy, 'action done 9')).toBe('Incident #1 has no follow-up action #9: `/incident actions` lists them.');

    const listed = await t.command(jon.id, channelId, 'actions');
    const body = (await listed.nextResponse()) as { blocks?: Block[] };
    const button = doneButtons(body.blocks).find((b) => b.text.startsWith('*#3*'));
    if (!button) throw new Error('no Done button for #3');
    expect((await press(jon, button, '7.7.7', { responseUrl: listed.responseUrl })).status).toBe(200);
    expect((await press(jon, button, '7.7.7', { responseUrl: listed.responseUrl })).status).toBe(200);
    await t.settle();
    const posts = t.standIn.messages(channelId).map((m) => m.text ?? '');
    expect(posts.filter((p) => p.includes('marked follow-up action #3 done'))).toEqual([`<@${jon.id}> marked follow-up action #3 done: alert on retry rate`]);
    expect(posts.filter((p) => p.includes('marked follow-up action #2 done'))).toHaveLength(1);
    const actions = await t.repos.actions.list((await t.repos.incidents.findByChannel(channelId))?.id ?? '');
    expect(actions.map((a) => [a.number, a.done?.by ?? null])).toEqual([
      [1, null],
      [2, ivy.id],
      [3, jon.id],
    ]);
  });

  it('refuses someone neither in the channel nor the owner, and lets the owner mark theirs done from App Home', async () => {
    const kit = t.standIn.addUser({ name: 'kit', realName: 'Kit Kerr' });
    const refused = await t.command(kit.id, channelId, 'action done 1');
    expect((await refused.nextResponse()).text).toBe(`Only its owner or members of <#${channelId}> can mark follow-up action #1 done.`);

    // Lou owns #1 but is not in the incident channel: it is in Lou's App Home, with a Done button.
    await t.standIn.userOpensHome(lou.id);
    await t.settle();
    const home = t.standIn.home(lou.id)?.blocks as Block[] | undefined;
    const mine = doneButtons(home);
    expect(mine.map((b) => b.text.split('\n')[0])).toEqual(['*#1 add backoff to cart retries*']);
    await press(lou, mine[0] ?? { value: '' }, '8.8.8');
    await t.settle();
    expect(dmsTo(lou).at(-1)).toBe('Follow-up action #1 is done: add backoff to cart retries');
    expect(t.standIn.messages(channelId).map((m) => m.text)).toContain(`<@${lou.id}> marked follow-up action #1 done: add backoff to cart retries`);
  });

  it('reminds an owner once of an action still open after ACTION_DUE_DAYS, and the draft shows each action’s state', async () => {
    expect(await answer(ivy, `action check the queue consumers <@${jon.id}>`)).toBe('Follow-up action #4 added.');
    const remind = () => t.bot.runJob('action-reminders');
    clock += 47 * 3600;
    await remind();
    expect(dmsTo(jon).filter((m) => m.includes('is still open'))).toEqual([]);
    clock += 2 * 3600;
    await remind();
    await remind();
    expect(dmsTo(jon).filter((m) => m.includes('is still open'))).toEqual([
      `:alarm_clock: Follow-up action #4 of incident #1 (<#${channelId}>) is still open after 2 days: check the queue consumers\nWhen it is done: \`/incident action done 4\` in the channel.`,
    ]);

    await t.command(ivy.id, channelId, 'close consumers restarted');
    await t.settle();
    const md = (await t.repos.postmortems.latest((await t.repos.incidents.findByChannel(channelId))?.id ?? ''))?.markdown ?? '';
    expect(md).toMatch(/- \[x\] #1 add backoff to cart retries \(owner: Lou Lim; done by Lou Lim, .+\)/);
    expect(md).toMatch(/- \[x\] #3 alert on retry rate \(owner: Jon Jones; done by Jon Jones, .+\)/);
    expect(md).toContain('- [ ] #4 check the queue consumers (owner: Jon Jones)');
    // Follow-ups outlive the incident: one can be marked done after the close.
    expect(await answer(jon, 'action done 4')).toBe('Follow-up action #4 is done: check the queue consumers');
  });
});
