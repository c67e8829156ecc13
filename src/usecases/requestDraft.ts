import type { Effect } from '../domain/effects';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';

/** Least time between two drafts on demand of one incident: each reads the whole channel and uploads a file. */
export const DRAFT_INTERVAL_MS = 60_000;
/** How far a file's time may run ahead of the database's clock and still count as a change just made. */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * `/incident postmortem`: a new draft version, open or closed. An open
 * incident's channel is reconciled first; a closed one's timeline stays as it
 * was at close (what happened in the channel since waits for a reopen).
 */
export async function requestDraft(deps: Pick<UseCaseDeps, 'incidents' | 'people' | 'settings' | 'renderer'>, ctx: CommandContext): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  await requireMember(deps, incident, ctx.userId);
  // A template changed since the last draft is worth a new one at once: its author is waiting to see it. A change
  // stamped well after now is a clock elsewhere, not an edit: it lifts nothing.
  const stamped = deps.renderer.changedAt().getTime();
  const changed = stamped <= ctx.now.getTime() + CLOCK_SLACK_MS ? Math.min(stamped, ctx.now.getTime()) : 0;
  const claimBefore = new Date(Math.max(ctx.now.getTime() - DRAFT_INTERVAL_MS, changed));
  if (!(await deps.incidents.claimDraft(incident.id, ctx.key, claimBefore, ctx.now))) {
    const last = (await deps.incidents.findById(incident.id))?.lastDraftAt ?? ctx.now;
    const waitSeconds = Math.max(1, Math.ceil((last.getTime() + DRAFT_INTERVAL_MS - ctx.now.getTime()) / 1000));
    throw new AppError('DRAFT_TOO_SOON', { kind: 'draft_too_soon', number: incident.number, waitSeconds });
  }
  return [
    {
      type: 'draft',
      incidentId: incident.id,
      by: ctx.userId,
      at: incident.status === 'closed' ? (incident.closedAt ?? ctx.now) : ctx.now,
      reconcile: incident.status === 'open',
      replyTo: ctx.replyTo,
    },
  ];
}
