import { startTestApp, type TestApp } from '../support/testApp';

/**
 * App Home, as a person sees it after opening the Home tab: the open incidents, the latest postmortem
 * drafts, and response figures computed from the incidents' recorded milestones.
 */
describe('App Home', () => {
  let t: TestApp;
  let clock = Date.UTC(2026, 10, 2, 9, 0, 0) / 1000;
  const at = (minute: number) => {
    clock = Date.UTC(2026, 10, 2, 9, minute, 0) / 1000;
  };
  const homeText = (userId: string) => JSON.stringify(t.standIn.home(userId)?.blocks ?? []);

  beforeAll(async () => {
    t = await startTestApp({ label: 'app-home' });
    t.standIn.setClock(() => clock);
  });
  afterAll(() => t.stop());

  it('shows open incidents, recent drafts and the response figures from recorded milestones', async () => {
    const ann = t.standIn.addUser({ name: 'ann', realName: 'Ann Ames' });
    const ben = t.standIn.addUser({ name: 'ben', realName: 'Ben Bell' });
    const ops = t.standIn.addChannel({ name: 'ops', members: [ann.id, ben.id] });
    at(0);
    await (await t.command(ann.id, ops.id, 'start sev1 Checkout down')).nextResponse();
    const first = t.standIn.channelByName('inc-1-checkout-down');
    if (!first) throw new Error('no incident channel');
    at(5);
    await t.command(ann.id, first.id, `lead <@${ben.id}>`);
    at(20);
    await t.command(ben.id, first.id, 'status identified');
    // Back and forth: the figures keep the first time a stage was reached.
    at(25);
    await t.command(ben.id, first.id, 'status investigating');
    at(28);
    await t.command(ben.id, first.id, 'status identified');
    at(30);
    await t.command(ben.id, first.id, 'status monitoring');
    at(45);
    await t.command(ben.id, first.id, 'close Rolled back the deploy');
    at(50);
    await (await t.command(ben.id, ops.id, 'start sev3 Slow search')).nextResponse();
    await t.settle();

    at(55);
    await t.bot.runJob('response-figures');
    await t.standIn.userOpensHome(ann.id);
    await t.settle();
    const home = homeText(ann.id);
    // Open incidents: only the one still open, with its severity, phase, lead and channel.
    expect(home).toContain('*#2 Slow search* in <#');
    expect(home).toContain('SEV3 · Investigating');
    expect(home).toContain('no lead yet');
    expect(home).not.toContain('*#1 Checkout down* in');
    // Recent postmortems: the closed one's draft.
    expect(home).toMatch(/\*#1 Checkout down\*: <https:\/\/standin\.slack\.com\/files\/U\w+\/F\w+\/postmortem-inc-1-checkout-down\.md\|draft v1>, <!date\^\d+\^\{date_short_pretty\} \{time\}\|Nov 2, 9:45 AM UTC>/i);
    // Response figures: two incidents in the last 30 days; the sev1's stages in minutes from its declaration.
    expect(home).toContain('*Last 30 days* · 2 incidents');
    expect(home).toContain('*SEV1* · 1 incident');
    expect(home).toContain('*Acknowledge*\\nmedian 5 minutes · p90 5 minutes (1)');
    expect(home).toContain('*Identify*\\nmedian 20 minutes · p90 20 minutes (1)');
    expect(home).toContain('*Mitigate*\\nmedian 30 minutes · p90 30 minutes (1)');
    expect(home).toContain('*Resolve*\\nmedian 45 minutes · p90 45 minutes (1)');
    // The sev3 was never acknowledged.
    expect(home).toContain('*SEV3* · 1 incident');
    expect(home).toContain('*Acknowledge*\\n_not reached_');
  });

  it('publishes once for a redelivered open, and keeps an open home fresh', async () => {
    const cy = t.standIn.addUser({ name: 'cy', realName: 'Cy Cole' });
    const ops = t.standIn.channelByName('ops');
    if (!ops) throw new Error('no ops channel');
    await t.standIn.userOpensHome(cy.id, { eventId: 'EvHOME1' });
    await t.standIn.userOpensHome(cy.id, { eventId: 'EvHOME1', retryNum: 1, retryReason: 'http_timeout' });
    await t.settle();
    expect(t.standIn.homePublishes(cy.id)).toBe(1);
    expect(homeText(cy.id)).not.toContain('Search index lost');

    at(70);
    await (await t.command(cy.id, ops.id, 'start sev2 Search index lost')).nextResponse();
    await t.bot.runJob('refresh-homes');
    expect(homeText(cy.id)).toContain('*#3 Search index lost* in <#');
    expect(t.standIn.homePublishes(cy.id)).toBe(2);
  });

  it('shows a private incident and its draft only to the members of its channel', async () => {
    const dee = t.standIn.addUser({ name: 'dee', realName: 'Dee Diaz' });
    const eve = t.standIn.addUser({ name: 'eve', realName: 'Eve Ek' });
    const sec = t.standIn.addChannel({ name: 'security', members: [dee.id, eve.id] });
    at(80);
    await (await t.command(dee.id, sec.id, 'start --private sev1 Leaked credentials')).nextResponse();
    const channel = t.standIn.channelByName('inc-4-leaked-credentials');
    if (!channel) throw new Error('no private incident channel');
    await t.command(dee.id, channel.id, 'postmortem');
    await t.settle();
    await t.standIn.userOpensHome(dee.id);
    await t.standIn.userOpensHome(eve.id);
    await t.settle();
    expect(homeText(dee.id)).toContain('*#4 Leaked credentials* in <#');
    expect(homeText(dee.id)).toContain('*#4 Leaked credentials*: <https://standin.slack.com/files/');
    // Eve shares #security with Dee but is not in the incident's private channel.
    expect(homeText(eve.id)).toContain('*#3 Search index lost* in <#');
    expect(homeText(eve.id)).not.toContain('Leaked credentials');
  });
});
