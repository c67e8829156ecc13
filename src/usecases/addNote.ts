import { resolveClockTime } from '../domain/clockTime';
import type { ClockTime } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';

/** `/incident note [HH:MM] <text>`: a timeline entry, backdated to the time given. */
export async function addNote(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  input: { text: string; time?: ClockTime },
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const at = input.time ? resolveClockTime(input.time, ctx.now, deps.settings.timezone) : ctx.now;
  return recordChange(deps, incident, ctx, { fact: { kind: 'note', text: input.text }, at, reply: { kind: 'note_added', at } });
}
