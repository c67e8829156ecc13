import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { reply } from './recordChange';

/** `/incident list`: the open incidents, for the caller only. */
export async function listIncidents(deps: Pick<UseCaseDeps, 'incidents'>, ctx: CommandContext): Promise<Effect[]> {
  const open = await deps.incidents.listOpen();
  return [
    reply(ctx, {
      kind: 'open_incidents',
      incidents: open.map((i) => ({ channelId: i.channelId, number: i.number, title: i.title, phase: i.phase, ...(i.severity ? { severity: i.severity } : {}) })),
    }),
  ];
}
