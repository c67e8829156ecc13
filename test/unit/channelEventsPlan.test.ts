import { planChannelEvents, type ChannelEvent } from '../../src/domain/channelEvents';
import type { Incident } from '../../src/domain/incident';

const incident = (over: Partial<Incident>): Incident => ({
  id: 'i1',
  number: 1,
  title: 't',
  channelId: 'C1',
  channelName: 'inc-1-t',
  status: 'open',
  phase: 'investigating',
  milestones: {},
  roles: {},
  declaredAt: new Date(0),
  declaredBy: 'U1',
  lastActivityAt: new Date(0),
  ...over,
});

const reaction: ChannelEvent = { kind: 'reaction', channelId: 'C1', messageTs: '1.1', itemUser: 'U2', userId: 'U3', emoji: 'pushpin', added: true, eventTs: '2.2' };

describe('events of a closed incident', () => {
  it('are kept for a reopen in a channel of its own', () => {
    const plan = planChannelEvents([{ id: 'evt:1', event: reaction }], () => incident({ status: 'closed' }));
    expect(plan.held).toEqual([{ id: 'evt:1', incidentId: 'i1' }]);
    expect(plan.done).toEqual([]);
    expect(plan.reactions).toEqual([]);
  });

  it('are let go in a channel adopted with --here, which goes back to its ordinary life', () => {
    const plan = planChannelEvents([{ id: 'evt:1', event: reaction }], () => incident({ status: 'closed', historyFrom: new Date(0) }));
    expect(plan.held).toEqual([]);
    expect(plan.done).toEqual(['evt:1']);
    expect(plan.reactions).toEqual([]);
  });
});
