import type { Incident } from '../domain/incident';
import { SlackApiError } from '../errors';
import { buildAnnouncement } from '../slack/blocks/announcement';
import { buildSummaryMessage } from '../slack/blocks/summary';
import type { ServiceDeps } from './deps';
import { displayText } from './display';
import type { SlackMessageContent } from './ports';

/** The incident as people should read it: user text with mentions shown as names. */
async function shown(deps: ServiceDeps, incident: Incident): Promise<Incident> {
  const out: Incident = { ...incident, title: await displayText(deps, incident.title) };
  if (incident.impact) out.impact = await displayText(deps, incident.impact);
  if (incident.rootCause) out.rootCause = await displayText(deps, incident.rootCause);
  return out;
}

export async function summaryMessage(deps: ServiceDeps, incident: Incident): Promise<SlackMessageContent> {
  return buildSummaryMessage(await shown(deps, incident), { ...deps.settings, now: deps.now() });
}

/** Edits the pinned summary, and the announcement if there is one, in place; neither is posted again. */
export async function refreshSummary(deps: ServiceDeps, incident: Incident): Promise<void> {
  const display = await shown(deps, incident);
  if (incident.summaryTs) {
    await deps.slack.updateMessage(incident.channelId, incident.summaryTs, buildSummaryMessage(display, { ...deps.settings, now: deps.now() }));
  }
  const channel = deps.settings.announcementsChannel;
  if (channel && incident.announcementTs) {
    await deps.slack.updateMessage(channel, incident.announcementTs, buildAnnouncement(display, deps.settings));
  }
}

/**
 * Posts the declaration to ANNOUNCEMENTS_CHANNEL (joining it first if the bot
 * is not a member). Returns a sentence for the caller when it could not:
 * the incident stands, but the person should know nobody was told.
 */
export async function announce(deps: ServiceDeps, incident: Incident): Promise<string | undefined> {
  const channel = deps.settings.announcementsChannel;
  if (!channel) return undefined;
  const content = buildAnnouncement(await shown(deps, incident), deps.settings);
  try {
    let ts: string;
    try {
      ts = await deps.slack.postMessage(channel, content);
    } catch (err) {
      if (!(err instanceof SlackApiError && err.slackError === 'not_in_channel')) throw err;
      await deps.slack.joinChannel(channel);
      ts = await deps.slack.postMessage(channel, content);
    }
    await deps.repos.incidents.setAnnouncementTs(incident.id, ts);
    return undefined;
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    deps.log.warn(`incident #${incident.number}: announcement failed: ${err.message}`);
    return `I could not announce it in <#${channel}> (${err.slackError}).`;
  }
}
