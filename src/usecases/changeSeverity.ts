import type { Severity } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange, recordedFact, reply } from './recordChange';

/** `/incident severity sevN`. */
export async function changeSeverity(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  severity: Severity,
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const fact = (await recordedFact(deps, incident, ctx, 'severity')) ?? {
    kind: 'severity' as const,
    ...(incident.severity ? { from: incident.severity } : {}),
    to: severity,
  };
  if (fact.from === fact.to) return [reply(ctx, { kind: 'severity_unchanged', severity })];
  return recordChange(deps, incident, ctx, {
    fact,
    changes: { severity: fact.to },
    reply: { kind: 'severity_set', severity: fact.to },
    post: { kind: 'severity_changed', by: ctx.userId, ...(fact.from ? { from: fact.from } : {}), to: fact.to },
  });
}
