import { createInbox } from '../../src/db/inbox';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

describe('announcements, reminders and housekeeping', () => {
  let t: TestApp;
  let clock: number;
  let ivy: User;
  let jon: User;
  let announcements: Channel;
  let general: Channel;

  beforeEach(async () => {
    t = await startTestApp({ label: 'announce', env: { ANNOUNCEMENTS_CHANNEL: 'C9000001', REMINDER_MINUTES: '30' } });
    clock = Date.UTC(2024, 5, 1, 12, 0, 0) / 1000;
    t.standIn.setClock(() => clock);
    ivy = t.standIn.addUser({ name: 'ivy', realName: 'Ivy Ito' });
    jon = t.standIn.addUser({ name: 'jon', realName: 'Jon Jones' });
    general = t.standIn.addChannel({ name: 'general', members: [ivy.id, jon.id] });
    announcements = t.standIn.addChannel({ id: 'C9000001', name: 'incidents', botIsMember: false });
  });
  afterEach(() => t.stop());

  const declare = async (title: string) => {
    const res = await t.command(ivy.id, general.id, `start sev2 ${title}`);
    const answer = await res.nextResponse();
    const incident = (await t.repos.incidents.listOpen()).at(-1);
    if (!incident) throw new Error('not declared');
    return { answer, incident };
  };

  it('announces the declaration (joining the channel) and edits that post on every change', async () => {
    const { incident } = await declare('Payments API errors');
    expect(t.standIn.callsTo('conversations.join').map((c) => c.args.channel)).toEqual([announcements.id]);
    const stored = await t.repos.incidents.findByChannel(incident.channelId);
    const post = t.standIn.message(announcements.id, stored?.announcementTs ?? '');
    expect(post?.text).toContain('Incident #1: Payments API errors');
    expect(JSON.stringify(post?.blocks)).toContain(`<#${incident.channelId}>`);

    await t.command(ivy.id, incident.channelId, `lead <@${jon.id}>`);
    await t.settle();
    const updated = t.standIn.message(announcements.id, stored?.announcementTs ?? '');
    expect(JSON.stringify(updated?.blocks)).toContain(`lead <@${jon.id}>`);
    expect(t.standIn.messages(announcements.id).filter((m) => !m.subtype)).toHaveLength(1);
  });

  it('tells the incident channel when the announcement could not be posted, and still declares', async () => {
    t.standIn.faults.failNext('conversations.join', { error: 'is_archived' });
    const { answer, incident } = await declare('Announcement trouble');
    expect(answer.text).toBe(`Incident #1 declared: <#${incident.channelId}>. You are in the channel.`);
    expect(t.standIn.messages(incident.channelId).map((m) => m.text)).toContain(`I could not announce it in <#${announcements.id}> (is_archived).`);
    expect(t.standIn.messages(announcements.id).filter((m) => !m.subtype)).toEqual([]);
  });

  it('shows mentions in recorded text as names in the summary', async () => {
    const { incident } = await declare('Checkout slow');
    await t.command(ivy.id, incident.channelId, `impact orders placed by <@${jon.id}|jon>'s team are delayed`);
    await t.settle();
    const summary = JSON.stringify(t.standIn.message(incident.channelId, incident.summaryTs ?? '')?.blocks);
    expect(summary).toContain("orders placed by @Jon Jones's team are delayed");
    expect((await t.repos.incidents.findByChannel(incident.channelId))?.impact).toBe(`orders placed by <@${jon.id}|jon>'s team are delayed`);
  });

  it('nudges a channel once per quiet spell of REMINDER_MINUTES, and not a busy one', async () => {
    const { incident } = await declare('Quiet incident');
    const nudges = () => t.standIn.messages(incident.channelId).filter((m) => m.text.includes('Nothing has been recorded'));
    const remind = () => t.bot.runJob('reminders');
    clock += 29 * 60;
    await remind();
    expect(nudges()).toHaveLength(0);
    clock += 2 * 60;
    await remind();
    await remind();
    expect(nudges().map((m) => m.text)).toEqual([
      ':hourglass_flowing_sand: Nothing has been recorded for 31 minutes. Where do things stand? Post an update and mark it with :pushpin:, or `/incident status …` / `/incident note …`.',
    ]);
    await t.command(ivy.id, incident.channelId, 'note still digging');
    clock += 10 * 60;
    await remind();
    expect(nudges()).toHaveLength(1);
    clock += 25 * 60;
    await remind();
    expect(nudges()).toHaveLength(2);
  });

  it('purges applied inbox items older than an hour, keeping newer ones to recognise retries', async () => {
    const inbox = createInbox(t.db.models.inbox);
    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
    const lease = (token: string, until: Date) => ({ token, owner: 'test', until });
    await inbox.store({ id: 'evt:old', payload: {}, order: 1 }, hoursAgo(2), lease('t:1', hoursAgo(2)), 2000);
    await inbox.store({ id: 'evt:new', payload: {}, order: 2 }, hoursAgo(0.1), lease('t:2', hoursAgo(0.1)), 2000);
    await inbox.markDone([{ id: 'evt:old', lease: 't:1' }, { id: 'evt:new', lease: 't:2' }], now);
    await t.bot.runJob('purge');
    expect(await inbox.store({ id: 'evt:old', payload: {}, order: 3 }, now, lease('t:3', now), 2000)).toBe(true);
    expect(await inbox.store({ id: 'evt:new', payload: {}, order: 4 }, now, lease('t:4', now), 2000)).toBe(false);
  });
});
