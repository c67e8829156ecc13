import type { Phase } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange, recordedFact, reply } from './recordChange';

/** `/incident status <phase>`: the phase and when it was entered. */
export async function changeStatus(deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>, ctx: CommandContext, phase: Phase): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const fact = (await recordedFact(deps, incident, ctx, 'status')) ?? { kind: 'status' as const, from: incident.phase, to: phase };
  if (fact.from === fact.to) return [reply(ctx, { kind: 'status_unchanged', phase })];
  return recordChange(deps, incident, ctx, {
    fact,
    changes: { phase: fact.to },
    reply: { kind: 'status_set', phase: fact.to },
    post: { kind: 'status_changed', by: ctx.userId, from: fact.from, to: fact.to },
  });
}
