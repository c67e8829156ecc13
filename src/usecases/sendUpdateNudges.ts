import type { Effect } from '../domain/effects';
import type { UseCaseDeps } from './deps';

/**
 * With UPDATE_REMINDER_MINUTES set: an open incident with no status update for that long (since it was
 * declared or its last update) gets one nudge per interval, to its lead by direct message, or in its
 * channel when it has no lead. Each nudge is claimed in the database first: one per interval, whatever
 * the number of replicas.
 */
export async function sendUpdateNudges(deps: Pick<UseCaseDeps, 'incidents' | 'settings'>, now: Date): Promise<Array<{ id: string; effect: Effect }>> {
  const minutes = deps.settings.updateReminderMinutes;
  if (!minutes) return [];
  const dueSince = new Date(now.getTime() - minutes * 60_000);
  const out: Array<{ id: string; effect: Effect }> = [];
  for (const incident of await deps.incidents.listOpen()) {
    const since = incident.lastUpdateAt ?? incident.declaredAt;
    if (since > dueSince) continue;
    if (!(await deps.incidents.claimUpdateNudge(incident.id, dueSince, now))) continue;
    const notice = {
      kind: 'update_due' as const,
      number: incident.number,
      channelId: incident.channelId,
      sinceMinutes: Math.floor((now.getTime() - since.getTime()) / 60_000),
      updatedBefore: incident.lastUpdateAt !== undefined,
    };
    const lead = incident.roles.lead;
    out.push({
      id: `update-nudge:${incident.id}:${now.getTime()}`,
      effect: lead ? { type: 'reply', to: { userId: lead }, notice } : { type: 'post', channelId: incident.channelId, notice },
    });
  }
  return out;
}
