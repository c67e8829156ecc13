import type { UserMention } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';
import { resolveUser } from './resolveUser';

/** `/incident action <text> [@owner]`: a follow-up task, also on the timeline. */
export async function addAction(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>,
  ctx: CommandContext,
  input: { text: string; owner?: UserMention },
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const ownerId = input.owner ? await resolveUser(deps.people, input.owner) : undefined;
  await deps.timeline.addAction({
    incidentId: incident.id,
    key: ctx.key,
    text: input.text,
    createdBy: ctx.userId,
    createdAt: ctx.now,
    ...(ownerId ? { ownerId } : {}),
  });
  return recordChange(deps, incident, ctx, {
    fact: { kind: 'action', text: input.text, ...(ownerId ? { ownerId } : {}) },
    reply: { kind: 'action_added' },
    post: { kind: 'action_posted', by: ctx.userId, text: input.text, ...(ownerId ? { ownerId } : {}) },
  });
}
