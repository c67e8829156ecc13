import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';

const STATEMENTS = {
  impact: { kind: 'impact', field: 'impact' },
  rootcause: { kind: 'root_cause', field: 'rootCause' },
} as const;

/** `impact` and `rootcause`: a statement kept verbatim on the incident and on the timeline. */
export async function recordStatement(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  which: keyof typeof STATEMENTS,
  text: string,
): Promise<Effect[]> {
  const statement = STATEMENTS[which];
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  return recordChange(deps, incident, ctx, {
    fact: { kind: statement.kind, text },
    changes: { [statement.field]: text },
    reply: { kind: 'statement_recorded', which },
    post: { kind: 'statement_posted', by: ctx.userId, which, text },
  });
}
