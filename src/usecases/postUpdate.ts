import type { Effect } from '../domain/effects';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { recordChange } from './recordChange';

/**
 * `/incident update <text>`: a status update for stakeholders. On the timeline, posted in the channel and
 * (for an incident that is not private) in ANNOUNCEMENTS_CHANNEL, and shown in the summary as the latest.
 */
export async function postUpdate(deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>, ctx: CommandContext, text: string): Promise<Effect[]> {
  const incident = await requireChangeable(deps, ctx.channelId, ctx.userId);
  const announcements = incident.private ? undefined : deps.settings.announcementsChannel;
  const effects = await recordChange(deps, incident, ctx, {
    fact: { kind: 'update', text },
    reply: { kind: 'update_posted', announced: announcements !== undefined },
    post: { kind: 'status_update', by: ctx.userId, text },
  });
  await deps.incidents.markUpdated(incident.id, ctx.now);
  const announced: Effect[] = announcements
    ? [
        {
          type: 'post',
          channelId: announcements,
          notice: { kind: 'status_update_announced', number: incident.number, title: incident.title, channelId: incident.channelId, by: ctx.userId, text },
        },
      ]
    : [];
  return [...effects, ...announced];
}
