import type { Severity } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { alreadyRecorded, recordChange, reply } from './recordChange';

/** `/incident severity sevN`. */
export async function changeSeverity(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people'>,
  ctx: CommandContext,
  severity: Severity,
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  if (incident.severity === severity) {
    const set = await alreadyRecorded(deps, incident, ctx);
    return [reply(ctx, set ? { kind: 'severity_set', severity } : { kind: 'severity_unchanged', severity })];
  }
  const change = incident.severity ? `from ${incident.severity.toUpperCase()} to ${severity.toUpperCase()}` : `to ${severity.toUpperCase()}`;
  return recordChange(deps, incident, ctx, {
    entry: { kind: 'severity', text: `Severity changed ${change}` },
    changes: { severity },
    reply: { kind: 'severity_set', severity },
    post: { kind: 'severity_changed', by: ctx.userId, ...(incident.severity ? { from: incident.severity } : {}), to: severity },
  });
}
