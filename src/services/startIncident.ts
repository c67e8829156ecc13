import { incidentChannelName } from '../domain/channelName';
import type { Severity } from '../domain/commandTypes';
import type { Incident } from '../domain/incident';
import { SlackApiError } from '../errors';
import { truncate } from '../slack/escape';
import type { ServiceDeps } from './deps';
import { displayText } from './display';
import { announce, summaryMessage } from './summary';

const MAX_NAME_ATTEMPTS = 10;
const TOPIC_MAX = 250;

/**
 * Declares an incident: a channel of its own, the caller in it, a pinned
 * summary, and the declaration as the first timeline entry.
 */
export async function startIncident(
  deps: ServiceDeps,
  input: { title: string; userId: string; severity?: Severity; impact?: string; leadId?: string },
): Promise<Incident & { announcementProblem?: string }> {
  const { repos, slack } = deps;
  const declaredAt = deps.now();
  const number = await repos.incidents.nextNumber();
  const channel = await createChannel(deps, number, input.title);

  const incident = await repos.incidents.create({
    number,
    title: input.title,
    channelId: channel.id,
    channelName: channel.name,
    declaredAt,
    declaredBy: input.userId,
    ...(input.severity ? { severity: input.severity } : {}),
    ...(input.impact ? { impact: input.impact } : {}),
    ...(input.leadId ? { roles: { lead: input.leadId } } : {}),
  });
  await repos.timeline.add({
    incidentId: incident.id,
    key: 'declared',
    kind: 'declared',
    source: 'system',
    at: declaredAt,
    authorId: input.userId,
    authorName: await slack.userName(input.userId),
    text: `Incident declared: ${input.title}`,
  });

  await slack.invite(channel.id, [...new Set([input.userId, ...(input.leadId ? [input.leadId] : [])])]);
  await slack.setTopic(channel.id, truncate(`Incident #${number}: ${await displayText(deps, input.title)}`, TOPIC_MAX));
  const summaryTs = await slack.postMessage(channel.id, await summaryMessage(deps, incident));
  await repos.incidents.setSummaryTs(incident.id, summaryTs);
  await slack.pin(channel.id, summaryTs);
  const announcementProblem = await announce(deps, { ...incident, summaryTs });
  deps.log.info(`incident #${number} declared in #${channel.name} (${channel.id})`);
  return { ...incident, summaryTs, ...(announcementProblem ? { announcementProblem } : {}) };
}

async function createChannel(deps: ServiceDeps, number: number, title: string): Promise<{ id: string; name: string }> {
  for (let attempt = 1; ; attempt++) {
    const name = incidentChannelName(deps.settings.channelPrefix, number, title, attempt);
    try {
      return await deps.slack.createChannel(name);
    } catch (err) {
      const taken = err instanceof SlackApiError && err.slackError === 'name_taken';
      if (!taken || attempt >= MAX_NAME_ATTEMPTS) throw err;
    }
  }
}
