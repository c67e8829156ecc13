import type { Effect } from '../domain/effects';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';

/**
 * `/incident close [resolution]`: records the closed state and queues the
 * draft; the outbox drafts and uploads it (once, retrying until it can).
 * The close is conditional (only an open incident closes) and names the
 * invocation that made it, so the same close applied again (after a crash,
 * or by a replica that took over a stalled apply) recognises its own close
 * and finishes it with the same entry and the same draft, instead of
 * answering "already closed" or undoing anything.
 */
export async function closeIncident(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  resolution?: string,
): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  const alreadyClosed = new AppError('INCIDENT_ALREADY_CLOSED', { kind: 'already_closed', number: incident.number });
  if (incident.status === 'closed' && incident.closeKey !== ctx.key) throw alreadyClosed;
  await requireMember(deps, incident, ctx.userId);

  const closed =
    incident.status === 'closed'
      ? incident
      : ((await deps.incidents.markClosed(incident.id, ctx.now, ctx.userId, ctx.key)) ?? (await deps.incidents.findById(incident.id)));
  if (!closed || closed.closeKey !== ctx.key) throw alreadyClosed; // someone else closed it first
  const closedAt = closed.closedAt ?? ctx.now;
  await deps.timeline.add(
    {
      incidentId: incident.id,
      key: ctx.key,
      kind: 'closed',
      source: 'system',
      at: closedAt,
      authorId: ctx.userId,
      fact: { kind: 'closed', ...(resolution ? { resolution } : {}) },
      order: ctx.order,
    },
    ctx.now,
  );
  return [
    { type: 'summary', incidentId: incident.id },
    { type: 'draft', incidentId: incident.id, by: ctx.userId, at: closedAt, reconcile: true },
  ];
}
