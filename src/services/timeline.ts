import { messageKey, type TranscriptMessage } from '../domain/incident';
import { slackTsToDate } from '../domain/slackTime';
import type { ServiceDeps } from './deps';

/** Keeps what people say in incident channels; other channels are none of the bot's business. */
export async function recordMessage(deps: ServiceDeps, message: TranscriptMessage): Promise<boolean> {
  const incident = await deps.repos.incidents.findByChannel(message.channelId);
  if (!incident) return false;
  await deps.repos.transcript.save(message);
  return true;
}

/**
 * A timeline reaction on a message in an incident channel records that message
 * at its own time. Recording is keyed by the message, so redelivered events
 * and second reactions leave exactly one entry.
 */
export async function recordReaction(
  deps: ServiceDeps,
  input: { channelId: string; messageTs: string; reaction: string },
): Promise<'recorded' | 'duplicate' | 'ignored'> {
  if (input.reaction !== deps.settings.timelineEmoji) return 'ignored';
  const incident = await deps.repos.incidents.findByChannel(input.channelId);
  if (!incident) return 'ignored';

  const message =
    (await deps.repos.transcript.find(input.channelId, input.messageTs)) ??
    (await deps.slack.fetchMessage(input.channelId, input.messageTs));
  if (!message) {
    deps.log.warn(`reaction on ${input.channelId}/${input.messageTs}: message not found, nothing recorded`);
    return 'ignored';
  }
  const [authorName, permalink] = await Promise.all([
    deps.slack.userName(message.userId),
    deps.slack.permalink(input.channelId, message.ts),
  ]);
  const added = await deps.repos.timeline.add({
    incidentId: incident.id,
    key: messageKey(message.ts),
    kind: 'note',
    at: slackTsToDate(message.ts),
    authorId: message.userId,
    authorName,
    text: message.text,
    messageTs: message.ts,
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    ...(permalink ? { permalink } : {}),
  });
  return added ? 'recorded' : 'duplicate';
}
