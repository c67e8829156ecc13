import type { Phase } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { alreadyRecorded, recordChange, reply } from './recordChange';

/** `/incident status <phase>`: the phase and when it was entered. */
export async function changeStatus(deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people'>, ctx: CommandContext, phase: Phase): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  if (incident.phase === phase) {
    const notice = (await alreadyRecorded(deps, incident, ctx)) ? ({ kind: 'status_set', phase } as const) : ({ kind: 'status_unchanged', phase } as const);
    return [reply(ctx, notice)];
  }
  return recordChange(deps, incident, ctx, {
    entry: { kind: 'status', text: `Status changed from ${incident.phase} to ${phase}` },
    changes: { phase, milestones: { [phase]: ctx.now } },
    reply: { kind: 'status_set', phase },
    post: { kind: 'status_changed', by: ctx.userId, from: incident.phase, to: phase },
  });
}
