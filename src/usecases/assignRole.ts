import type { Role, UserMention } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange, recordedFact } from './recordChange';
import { resolveUser } from './resolveUser';

/** `/incident lead @x`, `/incident role scribe|comms @x`: the role, and the person invited. */
export async function assignRole(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  role: Role,
  who: UserMention,
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const fact = (await recordedFact(deps, incident, ctx, 'role')) ?? { kind: 'role' as const, role, userId: await resolveUser(deps.people, who) };
  const { userId } = fact;
  const effects = await recordChange(deps, incident, ctx, {
    fact,
    changes: { roles: { [fact.role]: userId } },
    reply: { kind: 'role_set', userId, role },
    post: { kind: 'role_assigned', by: ctx.userId, userId, role },
  });
  return [{ type: 'invite', channelId: incident.channelId, userIds: [userId] }, ...effects];
}
