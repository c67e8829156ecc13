import { sendInteraction } from '../../src/localSlack/signing';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { ALL_SCOPES } from '../../src/localSlack/scopes';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

const ANNOUNCEMENTS = 'C9000001';

/** Private incidents, and who is shown which incidents, through the real app and the stand-in. */
describe('private incidents and who sees which incident', () => {
  let t: TestApp;
  let ann: User;
  let ben: User;
  let general: Channel;
  let announcements: Channel;

  beforeEach(async () => {
    t = await startTestApp({ label: 'private', env: { ANNOUNCEMENTS_CHANNEL: ANNOUNCEMENTS } });
    t.standIn.setClock(() => Date.UTC(2024, 3, 2, 10, 0, 0) / 1000);
    ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    ben = t.standIn.addUser({ name: 'ben', realName: 'Ben Brooks' });
    general = t.standIn.addChannel({ name: 'general', members: [ann.id, ben.id] });
    announcements = t.standIn.addChannel({ id: ANNOUNCEMENTS, name: 'incidents', botIsMember: false });
  });
  afterEach(() => t.stop());

  /** The answer a command gets: its ack, or the first post to its response_url after an ack that only says "Declaring…". */
  const answer = async (user: User, where: string, text: string) => {
    const res = await t.command(user.id, where, text);
    expect(res.http.status).toBe(200);
    if (res.ack?.text && !res.ack.text.startsWith('Declaring')) return res.ack.text;
    return (await res.nextResponse()).text ?? '';
  };
  const declare = async (user: User, text: string) => {
    expect(await answer(user, general.id, text)).toMatch(/^Incident #\d+ declared/);
    const incident = (await t.repos.incidents.listOpen()).at(-1);
    if (!incident) throw new Error('not declared');
    return incident;
  };

  it('declares --private in a private channel, never announced, shown in list and hint to its members only', async () => {
    const open = await declare(ann, 'start sev1 Public outage');
    const secret = await declare(ann, 'start --private sev2 Payroll export leaked');
    expect(secret).toMatchObject({ private: true, severity: 'sev2', title: 'Payroll export leaked' });
    expect(open.private).toBeUndefined();
    const channel = t.standIn.channel(secret.channelId);
    expect(channel).toMatchObject({ isPrivate: true, name: 'inc-2-payroll-export-leaked' });
    expect(channel?.members).toEqual(expect.arrayContaining([ann.id]));
    expect(channel?.members).not.toContain(ben.id);
    expect(t.standIn.callsTo('conversations.create').map((c) => c.args.is_private)).toEqual([undefined, 'true']);
    // The public one is announced; the private one never, nor its summary's edits.
    const announced = t.standIn.messages(announcements.id).map((m) => m.text);
    expect(announced.filter((text) => text.includes('Public outage'))).toHaveLength(1);
    expect(announced.filter((text) => text.includes('Payroll'))).toEqual([]);
    expect((await t.repos.incidents.findById(secret.id))?.announcementTs).toBeUndefined();
    expect(t.standIn.pins(secret.channelId)).toEqual([(await t.repos.incidents.findById(secret.id))?.summaryTs]);

    const bothListed = `*Open incidents*\n• <#${open.channelId}> #1 Public outage — SEV1, investigating\n• <#${secret.channelId}> #2 Payroll export leaked — SEV2, investigating`;
    expect(await answer(ann, general.id, 'list')).toBe(bothListed);
    expect(await answer(ben, general.id, 'list')).toBe(`*Open incidents*\n• <#${open.channelId}> #1 Public outage — SEV1, investigating`);
    const hint = (channels: string[]) => `This is not an incident channel: run this command in the incident's channel. Open incidents: ${channels.map((c) => `<#${c}>`).join(', ')}.`;
    expect(await answer(ann, general.id, 'status identified')).toBe(hint([open.channelId, secret.channelId]));
    expect(await answer(ben, general.id, 'status identified')).toBe(hint([open.channelId]));
    // The bot's own check keeps a non-member out of the private incident, whatever Slack lets through.
    expect(await answer(ben, secret.channelId, 'status identified')).toMatch(/^Only members of <#/);
    expect((await t.repos.incidents.findById(secret.id))?.phase).toBe('investigating');
    // Invited, ben sees it at once.
    await t.command(ann.id, secret.channelId, `lead <@${ben.id}>`);
    expect(await answer(ben, general.id, 'list')).toBe(bothListed);
  });

  it('declares a private incident from the declaration form with its box ticked, as Slack submits a checkbox', async () => {
    await t.command(ann.id, general.id, 'start');
    const form = await waitUntil(() => t.standIn.views.find((v) => !v.closed && v.view.blocks !== undefined && JSON.stringify(v.view.blocks).includes('Private incident')), { message: 'no declaration form' });
    const submitted = await t.standIn.userSubmitsView(ann.id, form.id, { title: 'Payroll export leaked', private: ['private'] });
    expect(submitted.http.status).toBe(200);
    const incident = await waitUntil(async () => (await t.repos.incidents.listOpen()).find((i) => i.title === 'Payroll export leaked'), { message: 'not declared' });
    expect(incident.private).toBe(true);
    expect(t.standIn.channel(incident.channelId)?.isPrivate).toBe(true);
  });

  it('keeps the private incident from the announcements channel through every change, and drafts only in its channel', async () => {
    const secret = await declare(ann, 'start --private Salary data exposure');
    await answer(ann, secret.channelId, 'status identified');
    await answer(ann, secret.channelId, 'severity sev1');
    await t.command(ann.id, secret.channelId, 'close contained');
    await t.settle();
    expect(t.standIn.messages(announcements.id)).toEqual([]);
    expect(t.standIn.callsTo('conversations.join')).toEqual([]);
    const shared = t.standIn.callsTo('files.completeUploadExternal').filter((c) => !c.failed);
    expect(shared.map((c) => c.args.channel_id)).toEqual([secret.channelId]);
  });

  it('declares a private incident from the form when its box is ticked (and `start --private` ticks it)', async () => {
    await t.command(ben.id, general.id, 'start --private');
    const opened = await waitUntil(() => t.standIn.views.find((v) => v.view.callback_id === 'declare_incident'));
    expect(JSON.stringify(opened.view.blocks)).toContain('"initial_options":[{"text":{"type":"plain_text","text":"Private incident"}');
    const res = await sendInteraction(t.appUrl, SIGNING_SECRET, {
      type: 'view_submission',
      team: { id: 'T0001' },
      user: { id: ben.id, name: 'ben' },
      api_app_id: 'A0001',
      trigger_id: '7.7.7',
      view: {
        ...opened.view,
        id: opened.id,
        state: {
          values: {
            title: { value: { type: 'plain_text_input', value: 'HR system breach' } },
            private: { value: { type: 'checkboxes', selected_options: [{ value: 'private' }] } },
          },
        },
      },
    });
    expect(res.status).toBe(200);
    await t.settle();
    const declared = await t.repos.incidents.findByNumber(1);
    expect(declared).toMatchObject({ title: 'HR system breach', private: true, declaredBy: ben.id });
    expect(t.standIn.channel(declared?.channelId ?? '')?.isPrivate).toBe(true);
    expect(t.standIn.messages(announcements.id)).toEqual([]);
    expect(await answer(ann, general.id, 'list')).toBe('No open incidents.');
  });

  it('declares a public incident from the form when the box is left empty', async () => {
    await t.command(ben.id, general.id, 'start');
    const opened = await waitUntil(() => t.standIn.views.find((v) => v.view.callback_id === 'declare_incident'));
    expect(JSON.stringify(opened.view.blocks)).not.toContain('initial_options');
    await sendInteraction(t.appUrl, SIGNING_SECRET, {
      type: 'view_submission',
      team: { id: 'T0001' },
      user: { id: ben.id, name: 'ben' },
      api_app_id: 'A0001',
      trigger_id: '7.7.8',
      view: { ...opened.view, id: opened.id, state: { values: { title: { value: { type: 'plain_text_input', value: 'Cache misses' } } } } },
    });
    await t.settle();
    const declared = await t.repos.incidents.findByNumber(1);
    expect(declared?.private).toBeUndefined();
    expect(t.standIn.channel(declared?.channelId ?? '')?.isPrivate).toBe(false);
    expect(t.standIn.messages(announcements.id).filter((m) => m.text.includes('Cache misses'))).toHaveLength(1);
  });

  it('shows a guest only the incidents whose channel they are in', async () => {
    const gus = t.standIn.addUser({ name: 'gus', realName: 'Gus Guest', guest: 'multi' });
    const sue = t.standIn.addUser({ name: 'sue', realName: 'Sue Single', guest: 'single' });
    general.members.push(gus.id, sue.id);
    const first = await declare(ann, 'start Checkout errors');
    const second = await declare(ann, 'start Search slow');
    await t.command(ann.id, second.channelId, `role scribe <@${gus.id}>`);
    expect(await answer(gus, general.id, 'list')).toBe(`*Open incidents*\n• <#${second.channelId}> #2 Search slow — investigating`);
    expect(await answer(sue, general.id, 'list')).toBe('No open incidents.');
    expect(await answer(sue, general.id, 'note hello')).toBe(
      "This is not an incident channel: run this command in the incident's channel. There is no open incident (`/incident start <title>` declares one).",
    );
    expect(await answer(ben, general.id, 'list')).toBe(
      `*Open incidents*\n• <#${first.channelId}> #1 Checkout errors — investigating\n• <#${second.channelId}> #2 Search slow — investigating`,
    );
  });

  it('needs groups:write for a private channel: without it the declaration is refused and nothing is recorded', async () => {
    t.standIn.faults.setScopes(ALL_SCOPES.filter((s) => !s.startsWith('groups:')));
    expect(await answer(ann, general.id, 'start --private Vault sealed')).toBe('Sorry, I could not declare the incident (missing_scope).');
    expect(await t.repos.incidents.listOpen()).toEqual([]);
    expect(t.standIn.callsTo('conversations.create').map((c) => c.result)).toEqual([expect.objectContaining({ error: 'missing_scope', needed: 'groups:write' })]);
  });
});
