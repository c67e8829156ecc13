import type { UserMention } from '../domain/commandTypes';
import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';
import { resolveUser } from './resolveUser';

/**
 * `/incident action <text> [@owner]`: a follow-up task, numbered within its incident and also on the
 * timeline; its owner is told by direct message. Applied again, it finds the task it stored.
 */
export async function addAction(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings' | 'counters'>,
  ctx: CommandContext,
  input: { text: string; owner?: UserMention },
): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const ownerId = input.owner ? await resolveUser(deps.people, input.owner) : undefined;
  const stored = (await deps.timeline.listActions(incident.id)).find((a) => a.key === ctx.key);
  const number = stored?.number ?? (stored ? undefined : await deps.counters.next(`action:${incident.id}`));
  if (!stored) {
    await deps.timeline.addAction({
      incidentId: incident.id,
      key: ctx.key,
      text: input.text,
      createdBy: ctx.userId,
      createdAt: ctx.now,
      ...(number ? { number } : {}),
      ...(ownerId ? { ownerId } : {}),
    });
  }
  const effects = await recordChange(deps, incident, ctx, {
    fact: { kind: 'action', text: input.text, ...(ownerId ? { ownerId } : {}) },
    reply: { kind: 'action_added', ...(number ? { number } : {}) },
    post: { kind: 'action_posted', by: ctx.userId, text: input.text, ...(ownerId ? { ownerId } : {}) },
  });
  const told: Effect[] =
    ownerId && ownerId !== ctx.userId
      ? [
          {
            type: 'reply',
            to: { userId: ownerId },
            notice: { kind: 'action_assigned', incidentNumber: incident.number, channelId: incident.channelId, ...(number ? { number } : {}), text: input.text, by: ctx.userId },
          },
        ]
      : [];
  return [...effects, ...told];
}
