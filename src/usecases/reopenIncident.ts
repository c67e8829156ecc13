import type { Effect } from '../domain/effects';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';
import { recordChange, recordedFact } from './recordChange';

/**
 * `/incident reopen`: open again, and the reactions, edits and deletions that
 * arrived while it was closed (kept in the inbox) are applied now.
 */
export async function reopenIncident(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'heldEvents' | 'settings'>,
  ctx: CommandContext,
): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  await requireMember(deps, incident, ctx.userId);
  const reopened = (await deps.incidents.reopen(incident.id, ctx.now)) ?? ((await recordedFact(deps, incident, ctx, 'reopened')) ? incident : null);
  if (!reopened) throw new AppError('INCIDENT_NOT_CLOSED', { kind: 'not_closed', number: incident.number });
  const effects = await recordChange(deps, reopened, ctx, {
    fact: { kind: 'reopened' },
    reply: { kind: 'reopened', number: incident.number },
    post: { kind: 'reopened_posted', by: ctx.userId },
  });
  await deps.heldEvents.release(incident.id, ctx.now);
  return effects;
}
