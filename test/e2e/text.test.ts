import { WebClient } from '@slack/web-api';
import { createSlackReads } from '../../src/slack/slackReads';
import { sendSlashCommand } from '../../src/localSlack/signing';
import { escapeEntities } from '../../src/localSlack/localSlack';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/testApp';
import { waitUntil } from '../support/wait';

/** Text as people typed it reaches the draft decoded exactly once; showing names costs a bounded number of look-ups. */
describe('text', () => {
  let t: TestApp;
  let kim: User;
  let channel: Channel;
  let incidentId: string;

  beforeEach(async () => {
    t = await startTestApp({ label: 'text' });
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    const general = t.standIn.addChannel({ name: 'general', members: [kim.id] });
    await (await t.command(kim.id, general.id, 'start Orders down')).nextResponse();
    const found = t.standIn.channelByName('inc-1-orders-down');
    if (!found) throw new Error('no incident channel');
    channel = found;
    incidentId = (await t.repos.incidents.findByChannel(channel.id))?.id ?? '';
  });
  afterEach(() => t.stop());

  const draft = async () => {
    await t.command(kim.id, channel.id, 'postmortem');
    return (await waitUntil(() => t.standIn.files.filter((f) => f.completed).at(-1), { message: 'no draft uploaded' })).content.toString('utf8');
  };

  it('shows a mention typed as characters as those characters, in a note and in a marked message, and a real one as a name', async () => {
    const typed = `<@${kim.id}>`;
    // What Slack sends for a typed "<@U…>" (the characters, not the picker): entities.
    await sendSlashCommand(t.appUrl, SIGNING_SECRET, { text: `note paged ${escapeEntities(typed)} by hand`, userId: kim.id, channelId: channel.id, responseUrl: t.standIn.newResponseUrl() }, { wire: true });
    await t.settle();
    const posted = await t.standIn.userPosts(kim.id, channel.id, `${escapeEntities(typed)} typed, <@${kim.id}> picked`, { wire: true });
    await t.standIn.userReacts(kim.id, channel.id, String(posted.event.ts), 'pushpin');

    const md = await draft();
    // Markdown escapes the brackets; the characters are the ones typed.
    expect(md).toContain(`paged \\<@${kim.id}\\> by hand`);
    expect(md).toContain(`\\<@${kim.id}\\> typed, @Kim Kato picked`);
    expect(md).not.toContain('paged @Kim Kato');
    expect(md).not.toContain('\u2060');
  });

  it('looks up a bounded number of people for an impact naming 200 unknown ones, across two summary renders', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `UX${String(i).padStart(7, '0')}`);
    await t.command(kim.id, channel.id, `impact ${ids.map((id) => `<@${id}>`).join(' ')}`);
    await t.command(kim.id, channel.id, 'severity sev1');
    const summaries = t.standIn.callsTo('chat.update').filter((c) => c.args.channel === channel.id && String(c.args.text).includes('Orders down'));
    expect(summaries.length).toBeGreaterThanOrEqual(2);
    const lookedUp = t.standIn.callsTo('users.info').map((c) => String(c.args.user)).filter((u) => ids.includes(u));
    // At most 50 wait per render and 80 start a minute: not 200 a render, and no one twice.
    expect(lookedUp.length).toBeGreaterThan(0);
    expect(lookedUp.length).toBeLessThanOrEqual(80);
    expect(new Set(lookedUp).size).toBe(lookedUp.length);
  });

  it('treats a thread parent turned into a tombstone as deleted: no edit by Slackbot, no words kept', async () => {
    const parent = String((await t.standIn.userPosts(kim.id, channel.id, 'checkout errors at 40%')).event.ts);
    await t.standIn.userReacts(kim.id, channel.id, parent, 'rotating_light');
    await t.standIn.userPosts(kim.id, channel.id, 'looking', { threadTs: parent });
    const deleted = await t.standIn.userDeletes(channel.id, parent);
    expect(deleted.event).toMatchObject({ subtype: 'message_changed', message: { subtype: 'tombstone' } });
    expect((await t.repos.timeline.list(incidentId)).filter((e) => e.source === 'reaction')).toEqual([]);
    const stored = await t.db.models.transcript.findById(`${channel.id}:${parent}`).lean();
    expect(stored).toMatchObject({ deleted: true });
    expect(stored).not.toHaveProperty('text');
    expect(stored).not.toHaveProperty('userId');
    expect(await draft()).not.toContain('This message was deleted');
  });

  it('keeps nothing of what a deleted message said, and the draft does not show it', async () => {
    const ts = String((await t.standIn.userPosts(kim.id, channel.id, 'the password is hunter2')).event.ts);
    await t.standIn.userReacts(kim.id, channel.id, ts, 'pushpin');
    await t.standIn.userDeletes(channel.id, ts);
    const stored = await t.db.models.transcript.findById(`${channel.id}:${ts}`).lean();
    expect(stored).toMatchObject({ channelId: channel.id, ts, deleted: true });
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(stored).not.toHaveProperty('userId');
    expect(await draft()).not.toContain('hunter2');
  });
});

describe('looking people up', () => {
  it('lets 50 look-ups wait at once and 80 start a minute, shows the rest as ids, and never asks about a failed one again', async () => {
    const t = await startTestApp({ label: 'lookups' });
    try {
      const reads = createSlackReads(new WebClient(BOT_TOKEN, { slackApiUrl: t.standIn.apiUrl, retryConfig: { retries: 0 } }));
      const unknown = (from: number, n: number) => Array.from({ length: n }, (_, i) => `UY${String(from + i).padStart(7, '0')}`);
      const real = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' }).id;
      const first = [real, ...unknown(0, 60)];
      const names = await Promise.all(first.map((id) => reads.userName(id)));
      expect(names[0]).toBe('Ann Alvarez');
      expect(names.slice(1)).toEqual(unknown(0, 60));
      expect(t.standIn.callsTo('users.info')).toHaveLength(50);
      // Again: Ann is known and the 49 that failed are not asked about; the 11 that did not fit are.
      await Promise.all(first.map((id) => reads.userName(id)));
      expect(t.standIn.callsTo('users.info')).toHaveLength(61);
      // 30 more people within the minute: 19 fit in its budget of 80.
      await Promise.all(unknown(60, 30).map((id) => reads.userName(id)));
      expect(t.standIn.callsTo('users.info')).toHaveLength(80);
    } finally {
      await t.stop();
    }
  });
});
