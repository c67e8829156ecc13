import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { reply } from './recordChange';
import { visibleTo } from './visibility';

/** `/incident list`: the open incidents the caller may see, for the caller only. */
export async function listIncidents(deps: Pick<UseCaseDeps, 'incidents' | 'people'>, ctx: CommandContext): Promise<Effect[]> {
  const open = await visibleTo(deps, ctx.userId, await deps.incidents.listOpen());
  return [
    reply(ctx, {
      kind: 'open_incidents',
      incidents: open.map((i) => ({ channelId: i.channelId, number: i.number, title: i.title, phase: i.phase, ...(i.severity ? { severity: i.severity } : {}) })),
    }),
  ];
}
