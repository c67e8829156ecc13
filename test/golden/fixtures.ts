import type { ActionItem, Incident, TimelineEntry, TimelineKind } from '../../src/domain/incident';
import type { PostmortemInput } from '../../src/domain/postmortemInput';

/** Builders for postmortem inputs, and the stories the golden files are made from. */

export interface Person {
  id: string;
  name: string;
}

export const person = (id: string, name: string): Person => ({ id, name });

export function buildIncident(overrides: Partial<Incident> & Pick<Incident, 'title' | 'declaredAt' | 'declaredBy'>): Incident {
  return {
    id: 'inc-id-1',
    number: 1,
    channelId: 'C0INCIDENT',
    channelName: 'inc-1-incident',
    status: 'open',
    phase: 'investigating',
    milestones: {},
    roles: {},
    lastActivityAt: overrides.declaredAt,
    ...overrides,
  };
}

let keys = 0;

export function buildEntry(at: string, kind: TimelineKind, text: string, author: Person, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  keys += 1;
  return {
    incidentId: 'inc-id-1',
    key: `k${keys}`,
    kind,
    source: kind === 'declared' || kind === 'closed' ? 'system' : 'reaction',
    at: new Date(at),
    authorId: author.id,
    authorName: author.name,
    text,
    ...extra,
  };
}

export function buildAction(at: string, text: string, by: Person, owner?: Person): ActionItem {
  keys += 1;
  return {
    incidentId: 'inc-id-1',
    key: `a${keys}`,
    text,
    createdBy: by.id,
    createdAt: new Date(at),
    ...(owner ? { ownerId: owner.id } : {}),
  };
}

export function buildInput(
  incident: Incident,
  entries: readonly TimelineEntry[],
  opts: { people: readonly Person[]; now: string; actions?: readonly ActionItem[]; participants?: readonly Person[]; channelUrl?: string },
): PostmortemInput {
  return {
    incident,
    entries,
    actions: opts.actions ?? [],
    participants: (opts.participants ?? []).map((p) => p.name),
    names: new Map(opts.people.map((p) => [p.id, p.name])),
    ...(opts.channelUrl ? { channelUrl: opts.channelUrl } : {}),
    now: new Date(opts.now),
  };
}

const alice = person('U0ALICE', 'Alice Archer');
const bob = person('U0BOB', 'Bob Baker');

/** The data of test/e2e/slice.test.ts: its asserted lines must keep coming out of the default template. */
export function sliceStory(): PostmortemInput {
  const incident = buildIncident({
    title: 'Checkout API returns 500s for EU customers',
    channelName: 'inc-1-checkout-api-returns-500s-for-eu-customers',
    declaredAt: new Date('2024-07-10T14:00:20Z'),
    declaredBy: alice.id,
    status: 'closed',
    closedAt: new Date('2024-07-10T16:45:05Z'),
    closedBy: alice.id,
  });
  return buildInput(
    incident,
    [
      buildEntry('2024-07-10T14:00:20Z', 'declared', 'Incident declared: Checkout API returns 500s for EU customers', alice),
      buildEntry('2024-07-10T14:29:20Z', 'note', 'Error rate is 40% on checkout-api since 09:58', bob),
      buildEntry('2024-07-10T16:45:05Z', 'closed', 'Incident closed', alice, { fact: { kind: 'closed' } }),
    ],
    { people: [alice, bob], participants: [alice, bob], now: '2024-07-10T16:45:05Z' },
  );
}

const priya = person('U0PRIYA', 'Priya Natarajan');
const marcus = person('U0MARCUS', 'Marcus Lee');
const dana = person('U0DANA', 'Dana Okafor');

/**
 * Overnight, across the end of daylight saving time in New York
 * (2024-11-03, 2:00 AM EDT → 1:00 AM EST): the clock shows 1:xx AM twice.
 * All instants are UTC; the comments give the clock in New York.
 */
export function dstStory(): PostmortemInput {
  const incident = buildIncident({
    number: 42,
    title: 'Order confirmation emails delayed',
    channelId: 'C0EMAILS',
    channelName: 'inc-42-order-confirmation-emails-delayed',
    severity: 'sev2',
    phase: 'resolved',
    milestones: { identified: new Date('2024-11-03T05:40:00Z'), resolved: new Date('2024-11-03T07:30:00Z') },
    roles: { lead: priya.id, comms: dana.id },
    declaredAt: new Date('2024-11-03T02:52:00Z'),
    declaredBy: priya.id,
    status: 'closed',
    closedAt: new Date('2024-11-03T14:05:00Z'),
    closedBy: priya.id,
  });
  const cmd: Partial<TimelineEntry> = { source: 'command' };
  const entries = [
    buildEntry('2024-11-03T02:40:00Z', 'detection', 'Queue depth alert: email-outbound has 48k messages waiting', priya), // 10:40 PM EDT, Nov 2
    buildEntry('2024-11-03T02:52:00Z', 'declared', 'Incident declared: Order confirmation emails delayed', priya), // 10:52 PM EDT
    buildEntry('2024-11-03T02:55:00Z', 'role', 'Priya Natarajan is now lead', priya, cmd),
    buildEntry('2024-11-03T03:05:00Z', 'investigation', 'Checking whether the relay provider has an outage', marcus), // 11:05 PM EDT
    buildEntry('2024-11-03T03:30:00Z', 'dead_end', 'Provider status page and test sends are fine: not on their side', marcus), // 11:30 PM EDT
    buildEntry('2024-11-03T03:31:00Z', 'severity', 'Severity changed from SEV3 to SEV2', priya, cmd),
    buildEntry('2024-11-03T04:10:00Z', 'investigation', 'Consumers restart in a loop; looking at the worker pool', marcus), // 12:10 AM EDT, Nov 3
    buildEntry('2024-11-03T04:45:00Z', 'escalation', 'Paging the messaging platform on-call', priya), // 12:45 AM EDT
    buildEntry('2024-11-03T05:20:00Z', 'dead_end', 'Worker memory is flat; the restarts are not OOM kills', dana), // 1:20 AM EDT
    buildEntry('2024-11-03T05:35:00Z', 'root_cause', 'The TLS setting pushed at 22:15 makes every SMTP handshake fail, so workers crash and requeue', dana), // 1:35 AM EDT
    buildEntry('2024-11-03T05:40:00Z', 'status', 'Status changed from investigating to identified', priya, cmd), // 1:40 AM EDT
    buildEntry('2024-11-03T06:15:00Z', 'mitigation', 'Reverted the relay TLS setting; workers stay up', dana), // 1:15 AM EST: after 1:40 AM EDT
    buildEntry('2024-11-03T06:50:00Z', 'note', 'Backlog down to 9k', marcus), // 1:50 AM EST
    buildEntry('2024-11-03T07:25:00Z', 'resolution', 'Queue empty; confirmations go out within a minute again', marcus), // 2:25 AM EST
    buildEntry('2024-11-03T07:30:00Z', 'status', 'Status changed from identified to resolved', priya, cmd),
    buildEntry('2024-11-03T07:40:00Z', 'impact', 'About 61k order confirmation emails were delayed by up to 4 hours; no orders were lost', priya, cmd),
    buildEntry('2024-11-03T07:45:00Z', 'follow_up', 'Alert on the consumer restart rate', marcus),
    buildEntry('2024-11-03T14:05:00Z', 'closed', 'Incident closed: Reverted the TLS setting and drained the queue', priya, {
      fact: { kind: 'closed', resolution: 'Reverted the TLS setting and drained the queue' },
    }), // 9:05 AM EST
  ];
  return buildInput(incident, entries, {
    people: [priya, marcus, dana],
    participants: [priya, marcus, dana],
    now: '2024-11-03T14:05:00Z',
    channelUrl: 'https://acme.slack.com/archives/C0EMAILS',
    actions: [
      buildAction('2024-11-03T07:45:00Z', 'Alert on the consumer restart rate', marcus),
      buildAction('2024-11-03T07:50:00Z', 'Roll out relay TLS changes to one worker pool first', priya, dana),
    ],
  });
}

const sam = person('U0SAM', 'Sam Rivera');
const lin = person('U0LIN', 'Lin Zhou');

/** An open incident drafted on demand, an hour in, with almost nothing recorded: the draft must ask, not guess. */
export function sparseStory(): PostmortemInput {
  const incident = buildIncident({
    number: 7,
    title: 'Admin dashboard rejects valid logins',
    channelName: 'inc-7-admin-dashboard-rejects-valid-logins',
    declaredAt: new Date('2025-01-15T14:12:00Z'), // 9:12 AM EST
    declaredBy: sam.id,
  });
  return buildInput(
    incident,
    [
      buildEntry('2025-01-15T14:12:00Z', 'declared', 'Incident declared: Admin dashboard rejects valid logins', sam),
      buildEntry('2025-01-15T14:20:00Z', 'note', 'Support has 14 tickets about it so far', sam),
      buildEntry('2025-01-15T14:31:00Z', 'dead_end', 'Not the identity provider: its own test login works', lin),
    ],
    { people: [sam, lin], participants: [sam, lin], now: '2025-01-15T15:02:30Z' }, // 10:02 AM EST
  );
}

const ann = person('U0ANN', 'Ann_Marie *Ops*');
const raj = person('U0RAJ', 'Raj `sre` | oncall');

/** Text that would change the document's structure if it were not escaped. */
export function hostileStory(): PostmortemInput {
  const incident = buildIncident({
    number: 13,
    title: 'Rate limiter *drops* `PUT` on v2_api | #13 <b>bad</b>',
    channelName: 'inc-13-rate-limiter-drops-put',
    severity: 'sev1',
    roles: { lead: ann.id, scribe: raj.id },
    declaredAt: new Date('2024-06-04T16:00:00Z'), // 9:00 AM PDT
    declaredBy: ann.id,
    status: 'closed',
    closedAt: new Date('2024-06-04T18:30:00Z'),
    closedBy: raj.id,
    rootCause: '# Limits\nset to 0 for `tenant_*` | by a bad | regex',
  });
  const entries = [
    buildEntry('2024-06-04T16:00:00Z', 'declared', 'Incident declared: Rate limiter *drops* `PUT` on v2_api | #13 <b>bad</b>', ann),
    buildEntry('2024-06-04T16:05:00Z', 'detection', '1. 429s on PUT\n2. only v2_api', raj),
    buildEntry('2024-06-04T16:10:00Z', 'investigation', '- checking [the dashboard](http://grafana.local) _now_', ann),
    buildEntry('2024-06-04T16:25:00Z', 'dead_end', 'tenant | count\n---|---\nacme | 0', raj),
    buildEntry('2024-06-04T16:40:00Z', 'impact', '*all* writes failed for `v2` tenants | ~100% <b>down</b>', ann, { source: 'command' }),
    buildEntry('2024-06-04T16:50:00Z', 'root_cause', '# Limits\nset to 0 for `tenant_*` | by a bad | regex', ann, { source: 'command' }),
    buildEntry('2024-06-04T17:00:00Z', 'mitigation', '> raised limits by hand\n> for *every* tenant', raj),
    buildEntry('2024-06-04T17:45:00Z', 'resolution', '1) writes back ~~to normal~~ _fully_', raj),
    buildEntry('2024-06-04T18:30:00Z', 'closed', 'Incident closed: fixed the `tenant_*` regex #hotfix', raj, { fact: { kind: 'closed', resolution: 'fixed the `tenant_*` regex #hotfix' } }),
  ];
  return buildInput(incident, entries, {
    people: [ann, raj],
    participants: [ann, raj],
    now: '2024-06-04T18:30:00Z',
    actions: [
      buildAction('2024-06-04T18:10:00Z', '1. Test `limit_override` | all tenants', ann, raj),
      buildAction('2024-06-04T18:12:00Z', '[ ] _lint_ the **regex** <script>', raj),
    ],
  });
}
