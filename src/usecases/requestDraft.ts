import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';

/**
 * `/incident postmortem`: a new draft version, open or closed. An open
 * incident's channel is reconciled first; a closed one's timeline stays as it
 * was at close (what happened in the channel since waits for a reopen).
 */
export async function requestDraft(deps: Pick<UseCaseDeps, 'incidents' | 'people'>, ctx: CommandContext): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId);
  await requireMember(deps, incident, ctx.userId);
  return [
    {
      type: 'draft',
      incidentId: incident.id,
      by: ctx.userId,
      at: incident.status === 'closed' ? (incident.closedAt ?? ctx.now) : ctx.now,
      reconcile: incident.status === 'open',
      replyTo: { responseUrl: ctx.responseUrl },
    },
  ];
}
