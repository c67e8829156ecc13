import type { Effect } from '../domain/effects';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';

/**
 * `/incident close [resolution]`: records the closed state and queues the
 * draft; the outbox drafts and uploads it (once, retrying until it can).
 * The entry is written first and keyed by this invocation, so applying the
 * same close again after a crash finds its own close and queues the same
 * (deterministically keyed) draft instead of answering "already closed".
 */
export async function closeIncident(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people'>,
  ctx: CommandContext,
  resolution?: string,
): Promise<Effect[]> {
  const open = await requireIncident(deps, ctx.channelId);
  const alreadyClosed = new AppError('INCIDENT_ALREADY_CLOSED', { kind: 'already_closed', number: open.number });
  const mine = await deps.timeline.has(open.id, ctx.key);
  if (open.status === 'closed' && !mine) throw alreadyClosed;
  await requireMember(deps, open, ctx.userId);

  const closedAt = mine ? (open.closedAt ?? ctx.now) : ctx.now;
  await deps.timeline.add({
    incidentId: open.id,
    key: ctx.key,
    kind: 'closed',
    source: 'system',
    at: closedAt,
    authorId: ctx.userId,
    text: resolution ? `Incident closed: ${resolution}` : 'Incident closed',
  });
  if (open.status === 'open' && !(await deps.incidents.markClosed(open.id, closedAt, ctx.userId))) {
    // Someone else closed it between our read and our write: this close did not happen.
    await deps.timeline.remove(open.id, ctx.key);
    throw alreadyClosed;
  }
  return [
    { type: 'summary', incidentId: open.id },
    { type: 'draft', incidentId: open.id, by: ctx.userId, at: closedAt, reconcile: true },
  ];
}
