import type { Role, UserMention } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';
import { resolveUser } from './resolveUser';

/** `/incident lead @x`, `/incident role scribe|comms @x`: the role, and the person invited. */
export async function assignRole(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people'>,
  ctx: CommandContext,
  role: Role,
  who: UserMention,
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const userId = await resolveUser(deps.people, who);
  const effects = await recordChange(deps, incident, ctx, {
    entry: { kind: 'role', text: `<@${userId}> is now ${role}` },
    changes: { roles: { [role]: userId } },
    reply: { kind: 'role_set', userId, role },
    post: { kind: 'role_assigned', by: ctx.userId, userId, role },
  });
  return [{ type: 'invite', channelId: incident.channelId, userIds: [userId] }, ...effects];
}
