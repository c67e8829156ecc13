import { sleep } from '../support/wait';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

/**
 * A slow Slack and racing replicas: work that outlives its lease is still applied once, later
 * changes win over earlier ones applied late, and a replica whose clock runs ahead leaves the
 * others' fresh work alone.
 */
describe('leases and order under a slow Slack', () => {
  let t: TestApp;
  let dana: User;
  let ops: Channel;
  let channel: Channel;

  const LEASE_MS = 1_500;

  beforeEach(async () => {
    // A short lease, so a stall of a few seconds outlives it several times over (as 45 s would the default 30 s).
    t = await startTestApp({ label: 'leases', botOptions: { leaseMs: LEASE_MS } });
    dana = t.standIn.addUser({ name: 'dana', realName: 'Dana Diaz' });
    ops = t.standIn.addChannel({ name: 'ops', members: [dana.id] });
    await (await t.command(dana.id, ops.id, 'start Checkout down')).nextResponse();
    const made = t.standIn.channelByName('inc-1-checkout-down');
    if (!made) throw new Error('no incident channel');
    channel = made;
  });
  afterEach(() => t.stop());

  const responsesTo = (responseUrl: string) => t.standIn.responses.filter((r) => responseUrl.endsWith(`/${r.id}`)).map((r) => (r.body as { text?: string }).text);

  it('applies a close whose membership check stalls past its lease once, and keeps its resolution', async () => {
    t.standIn.faults.stallNext('conversations.members', 3 * LEASE_MS);
    const close = await t.command(dana.id, channel.id, 'close rolled back the 14:02 deploy');
    await t.settle();
    expect(t.standIn.callsTo('conversations.members')).toHaveLength(1);
    expect(responsesTo(close.responseUrl)).toEqual([]);
    const uploads = t.standIn.files.filter((f) => f.completed);
    expect(uploads).toHaveLength(1);
    const markdown = uploads[0]?.content.toString('utf8') ?? '';
    expect(markdown).toContain('rolled back the 14:02 deploy');
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(incident).toMatchObject({ status: 'closed', latestPostmortemVersion: 1 });
  });

  it('keeps the later of two impacts when the earlier one is applied last', async () => {
    t.standIn.faults.stallNext('conversations.members', 1_000);
    const first = t.command(dana.id, channel.id, 'impact EU checkout only');
    await sleep(200);
    const second = await t.command(dana.id, channel.id, 'impact all regions, 40% of checkouts');
    await first;
    await t.settle();
    const incident = await t.repos.incidents.findByChannel(channel.id);
    expect(incident?.impact).toBe('all regions, 40% of checkouts');
    expect(responsesTo(second.responseUrl)).toEqual(['Impact recorded.']);
    // Both statements happened and both are on the timeline, in the order they were made.
    const impacts = (await t.repos.timeline.list(incident?.id ?? '')).filter((e) => e.kind === 'impact').map((e) => e.text);
    expect(impacts).toEqual(['EU checkout only', 'all regions, 40% of checkouts']);
    const summary = JSON.stringify(t.standIn.message(channel.id, incident?.summaryTs ?? '')?.blocks);
    expect(summary).toContain('all regions, 40% of checkouts');
    expect(summary).not.toContain('EU checkout only');
  });
});

describe('a replica whose clock runs 45 s ahead', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ label: 'skew', botOptions: { leaseMs: 5_000 } });
    b = await startTestApp({ label: 'skew', replicaOf: a, botOptions: { leaseMs: 5_000, machineClock: () => new Date(Date.now() + 45_000) } });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it("never takes another replica's fresh work", async () => {
    const eve = a.standIn.addUser({ name: 'eve', realName: 'Eve Evans' });
    const ops = a.standIn.addChannel({ name: 'ops', members: [eve.id] });
    await (await a.command(eve.id, ops.id, 'start Search slow')).nextResponse();
    const channel = a.standIn.channelByName('inc-1-search-slow');
    if (!channel) throw new Error('no incident channel');
    const before = a.standIn.callsTo('conversations.members').length;
    // Received by A and stalled there for 2 s: B's sweeper, looking every 250 ms, would see A's lease
    // as 40 s overdue by its own clock.
    a.standIn.faults.stallNext('conversations.members', 2_000);
    const note = await a.command(eve.id, channel.id, 'note failover started');
    await a.settle();
    expect(a.standIn.callsTo('conversations.members').length - before).toBe(1);
    expect(responsesTo(a, note.responseUrl)).toEqual([expect.stringMatching(/^Added to the timeline/)]);
  });
});

const responsesTo = (t: TestApp, responseUrl: string) =>
  t.standIn.responses.filter((r) => responseUrl.endsWith(`/${r.id}`)).map((r) => (r.body as { text?: string }).text);
