import type { Incident } from '../domain/incident';
import { buildSummaryMessage } from '../slack/blocks/summary';
import type { ServiceDeps } from './deps';

/** Edits the pinned summary in place; it is never posted again. */
export async function refreshSummary(deps: ServiceDeps, incident: Incident): Promise<void> {
  if (!incident.summaryTs) return;
  await deps.slack.updateMessage(incident.channelId, incident.summaryTs, buildSummaryMessage(incident, { ...deps.settings, now: deps.now() }));
}
