import { resolveClockTime } from '../domain/clockTime';
import type { ClockTime } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';
import { recordChange } from './recordChange';

/** `/incident started|ended HH:MM`: the impact window as a person states it, shown on the timeline at that time. */
export async function setImpactWindow(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  edge: 'started' | 'ended',
  time: ClockTime,
): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  await requireMember(deps, incident, ctx.userId);
  const at = resolveClockTime(time, ctx.now, deps.settings.timezone);
  const other = edge === 'started' ? incident.impactEndedAt : incident.impactStartedAt;
  if (other && (edge === 'started' ? at > other : at < other)) {
    throw new AppError('INVALID_COMMAND', { kind: 'window_conflict', edge, at, other });
  }
  return recordChange(deps, incident, ctx, {
    fact: { kind: 'impact_window', edge, by: ctx.userId },
    at,
    changes: edge === 'started' ? { impactStartedAt: at } : { impactEndedAt: at },
    reply: { kind: 'window_set', edge, at },
  });
}
