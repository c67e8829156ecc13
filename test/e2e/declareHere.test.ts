import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

const ANNOUNCEMENTS = 'C9000001';
const NOW = Date.UTC(2024, 3, 2, 10, 0, 0) / 1000;
/** A Slack ts `minutes` before now. */
const tsAgo = (minutes: number) => `${NOW - minutes * 60}.000100`;

/** `/incident start --here`: the conversation's own channel becomes the incident channel. */
describe('/incident start --here', () => {
  let t: TestApp;
  let ann: User;
  let ben: User;
  let payments: Channel;

  beforeEach(async () => {
    t = await startTestApp({ label: 'here', env: { ANNOUNCEMENTS_CHANNEL: ANNOUNCEMENTS } });
    t.standIn.setClock(() => NOW);
    ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Alvarez' });
    ben = t.standIn.addUser({ name: 'ben', realName: 'Ben Brooks' });
    // An ordinary channel the bot is not in: it sees none of its events until it joins.
    payments = t.standIn.addChannel({ name: 'payments', members: [ann.id, ben.id], botIsMember: false });
    t.standIn.addChannel({ id: ANNOUNCEMENTS, name: 'incidents', botIsMember: false });
  });
  afterEach(() => t.stop());

  const answer = async (user: User, where: string, text: string) => {
    const res = await t.command(user.id, where, text);
    expect(res.http.status).toBe(200);
    if (res.ack?.text && !res.ack.text.startsWith('Declaring')) return res.ack.text;
    return (await res.nextResponse()).text ?? '';
  };
  const refusal = (why: string) => `\`/incident start --here\` cannot make this an incident channel: ${why}`;

  it('adopts the channel: summary pinned and topic set there, earlier marked messages on the timeline at their own times', async () => {
    await t.standIn.userPosts(ann.id, payments.id, 'unrelated pin from last week', { ts: tsAgo(3 * 24 * 60) });
    await t.standIn.userReacts(ben.id, payments.id, tsAgo(3 * 24 * 60), 'pushpin');
    await t.standIn.userPosts(ann.id, payments.id, 'checkout 500s spiking', { ts: tsAgo(30) });
    await t.standIn.userReacts(ben.id, payments.id, tsAgo(30), 'rotating_light');
    await t.standIn.userPosts(ann.id, payments.id, 'anyone else seeing this?', { ts: tsAgo(20) });
    await t.standIn.userPosts(ben.id, payments.id, 'rolled back v42', { ts: tsAgo(10), threadTs: tsAgo(30) });
    await t.standIn.userReacts(ann.id, payments.id, tsAgo(10), 'wrench');

    expect(await answer(ann, payments.id, 'start --here sev2 Checkout errors')).toBe(
      `Incident #1 declared: <#${payments.id}> is its channel now. 2 marked messages were taken onto the timeline.`,
    );
    const incident = await t.repos.incidents.findByChannel(payments.id);
    expect(incident).toMatchObject({ number: 1, title: 'Checkout errors', channelName: 'payments', severity: 'sev2', declaredBy: ann.id });
    expect(incident?.private).toBeUndefined();
    expect(t.standIn.callsTo('conversations.create')).toEqual([]);
    expect(t.standIn.callsTo('conversations.invite')).toEqual([]);
    expect(payments.members).toContain(t.standIn.botUserId);
    expect(t.standIn.pins(payments.id)).toEqual([incident?.summaryTs]);
    expect(payments.topic.value).toBe('Incident #1: Checkout errors');
    // A public incident is announced as any other.
    expect(t.standIn.messages(ANNOUNCEMENTS).some((m) => m.text.includes('Checkout errors'))).toBe(true);

    const timeline = async () => (await t.repos.timeline.list(incident?.id ?? '')).map((e) => [e.kind, e.text, e.at.toISOString()]);
    const atAgo = (minutes: number) => new Date((NOW - minutes * 60) * 1000).toISOString();
    const declared = ['declared', 'Incident declared: Checkout errors', atAgo(0)];
    const backfilled = [
      ['detection', 'checkout 500s spiking', atAgo(30)],
      ['mitigation', 'rolled back v42', atAgo(10)],
    ];
    expect(await timeline()).toEqual([...backfilled, declared]);

    // From now on the channel is followed like any incident channel, and its reconciliation keeps to its recent history.
    const fixed = await t.standIn.userPosts(ben.id, payments.id, 'error rate back to normal');
    const fixedTs = String(fixed.event.ts);
    await t.standIn.userReacts(ann.id, payments.id, fixedTs, 'white_check_mark');
    await t.command(ann.id, payments.id, 'close rollback');
    await t.settle();
    expect(await timeline()).toEqual([...backfilled, declared, ['resolution', 'error rate back to normal', atAgo(0)], ['closed', expect.stringContaining('rollback'), atAgo(0)]]);
    const historyReads = t.standIn.callsTo('conversations.history').filter((c) => c.args.channel === payments.id && !c.args.include_all_metadata);
    expect(historyReads.map((c) => c.args.oldest)).toEqual(historyReads.map(() => `${NOW - 24 * 60 * 60}.000000`));
    expect(historyReads.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses in a direct message, in the announcements channel and in an incident channel, open or closed, changing nothing', async () => {
    expect(await answer(ann, 'D0000777', 'start --here Checkout errors')).toBe(
      refusal('it is a direct message. Run it in a channel, or without `--here` to open a new one.'),
    );
    expect(await answer(ann, ANNOUNCEMENTS, 'start --here Checkout errors')).toBe(
      refusal('it is the announcements channel. Run it without `--here` to open a new channel.'),
    );
    expect(await t.repos.incidents.listOpen()).toEqual([]);

    expect(await answer(ann, payments.id, 'start Checkout errors')).toMatch(/^Incident #1 declared/);
    const first = (await t.repos.incidents.listOpen())[0];
    if (!first) throw new Error('not declared');
    expect(await answer(ann, first.channelId, 'start --here Again')).toBe(refusal('it already is the channel of incident #1.'));
    await t.command(ann.id, first.channelId, 'close done');
    await t.settle();
    expect(await answer(ann, first.channelId, 'start --here Again')).toBe(refusal('it already is the channel of incident #1.'));
    // No number was taken by a refusal: the next incident is #2.
    expect(await answer(ann, payments.id, 'start Next one')).toMatch(/^Incident #2 declared/);
    expect(t.standIn.callsTo('conversations.create')).toHaveLength(2);
  });

  it('makes a private channel a private incident, and refuses --private in a public one', async () => {
    expect(await answer(ann, payments.id, 'start --here --private Checkout errors')).toBe(
      refusal('it is public, and `--private` needs a private channel. Run it in a private channel, or drop `--here` to open a new private one.'),
    );
    expect(await t.repos.incidents.findByChannel(payments.id)).toBeNull();

    const hidden = t.standIn.addChannel({ name: 'sec-team', members: [ann.id], isPrivate: true, botIsMember: false });
    expect(await answer(ann, hidden.id, 'start --here Token leak')).toBe(
      refusal('I cannot see it. In a private channel, add me to it first (`/invite @incident-bot`), then try again.'),
    );
    const secTeam = t.standIn.addChannel({ name: 'sec-ops', members: [ann.id], isPrivate: true });
    expect(await answer(ann, secTeam.id, 'start --here sev1 Token leak')).toBe(`Incident #1 declared: <#${secTeam.id}> is its channel now.`);
    expect(await t.repos.incidents.findByChannel(secTeam.id)).toMatchObject({ number: 1, private: true, severity: 'sev1' });
    expect(t.standIn.pins(secTeam.id)).toHaveLength(1);
    expect(t.standIn.messages(ANNOUNCEMENTS)).toEqual([]);
    expect(t.standIn.callsTo('conversations.join')).toEqual([]);
    expect(await answer(ben, payments.id, 'list')).toBe('No open incidents.');
    expect(await answer(ann, payments.id, 'list')).toBe(`*Open incidents*\n• <#${secTeam.id}> #1 Token leak — SEV1, investigating`);
  });
});
