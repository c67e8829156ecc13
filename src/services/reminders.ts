import { durationInWords } from '../domain/duration';
import type { ServiceDeps } from './deps';

/**
 * Nudges every open incident channel where nothing was recorded for
 * REMINDER_MINUTES, once per quiet spell. Each nudge is claimed in the
 * database first, so with several replicas a channel still gets one.
 */
export async function sendReminders(deps: ServiceDeps): Promise<number> {
  const minutes = deps.settings.reminderMinutes;
  if (!minutes) return 0;
  const now = deps.now();
  const quietSince = new Date(now.getTime() - minutes * 60_000);
  let sent = 0;
  for (const incident of await deps.repos.incidents.listOpen()) {
    if (incident.lastActivityAt > quietSince) continue;
    if (!(await deps.repos.incidents.claimReminder(incident.id, quietSince, now))) continue;
    const quiet = durationInWords(Math.floor((now.getTime() - incident.lastActivityAt.getTime()) / 60_000));
    await deps.slack.postMessage(incident.channelId, {
      text: `:hourglass_flowing_sand: Nothing has been recorded for ${quiet}. Where do things stand? Post an update and mark it with :${deps.settings.timelineEmoji}:, or \`/incident status …\` / \`/incident note …\`.`,
    });
    sent += 1;
  }
  return sent;
}

/** Slack's last retry of an event comes within minutes; an hour of claims is plenty. */
export const CLAIM_RETENTION_MS = 60 * 60_000;

export async function purgeOldClaims(deps: ServiceDeps): Promise<number> {
  return deps.repos.claims.purgeOlderThan(new Date(deps.now().getTime() - CLAIM_RETENTION_MS));
}
