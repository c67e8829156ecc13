import type { Declaration, Effect } from '../domain/effects';
import type { Incident } from '../domain/incident';
import type { UseCaseDeps } from './deps';

/**
 * `/incident start <title>` or the declaration form: nothing can be recorded
 * before the incident has a channel, so the declaration itself is the effect;
 * delivering it creates the channel and then calls `recordDeclaration`.
 */
export function requestDeclaration(declaration: Declaration): Effect[] {
  return [{ type: 'declare', declaration }];
}

/**
 * The incident, once its channel exists: stored with the declaration as its
 * first entry, then the channel set up (people, topic, pinned summary) and
 * the declaration announced. Safe to run again for the same channel.
 */
export async function recordDeclaration(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'settings' | 'log'>,
  d: Declaration,
  number: number,
  channel: { id: string; name: string },
  now: Date,
): Promise<{ incident: Incident; effects: Effect[] }> {
  const incident = await deps.incidents.create({
    number,
    title: d.title,
    channelId: channel.id,
    channelName: channel.name,
    declaredAt: now,
    declaredBy: d.userId,
    ...(d.severity ? { severity: d.severity } : {}),
    ...(d.impact ? { impact: d.impact } : {}),
    ...(d.leadId ? { roles: { lead: d.leadId } } : {}),
  });
  await deps.timeline.add(
    { incidentId: incident.id, key: 'declared', kind: 'declared', source: 'system', at: incident.declaredAt, authorId: d.userId, fact: { kind: 'declared', title: d.title } },
    now,
  );
  deps.log.info(`incident #${incident.number} declared in #${channel.name} (${channel.id})`);
  const people = [...new Set([d.userId, ...(d.leadId ? [d.leadId] : [])])];
  return {
    incident,
    effects: [
      { type: 'invite', channelId: channel.id, userIds: people },
      { type: 'topic', channelId: channel.id, number: incident.number, title: d.title },
      { type: 'summary', incidentId: incident.id },
      { type: 'reply', to: d.replyTo, notice: { kind: 'declared', number: incident.number, channelId: channel.id } },
    ],
  };
}
