import type { Effect } from '../domain/effects';
import type { UseCaseDeps } from './deps';

/**
 * Nudges every open incident channel where nothing was recorded for
 * REMINDER_MINUTES, once per quiet spell. Each nudge is claimed in the
 * database first, so with several replicas a channel still gets one.
 */
export async function sendReminders(deps: Pick<UseCaseDeps, 'incidents' | 'settings'>, now: Date): Promise<Array<{ id: string; effect: Effect }>> {
  const minutes = deps.settings.reminderMinutes;
  if (!minutes) return [];
  const quietSince = new Date(now.getTime() - minutes * 60_000);
  const out: Array<{ id: string; effect: Effect }> = [];
  for (const incident of await deps.incidents.listOpen()) {
    if (incident.lastActivityAt > quietSince) continue;
    if (!(await deps.incidents.claimReminder(incident.id, quietSince, now))) continue;
    const quietMinutes = Math.floor((now.getTime() - incident.lastActivityAt.getTime()) / 60_000);
    out.push({
      id: `reminder:${incident.id}:${now.getTime()}`,
      effect: { type: 'post', channelId: incident.channelId, notice: { kind: 'reminder', quietMinutes } },
    });
  }
  return out;
}
