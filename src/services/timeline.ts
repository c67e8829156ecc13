import { messageKey, type Incident, type TimelineEntry, type TimelineKind, type TranscriptMessage } from '../domain/incident';
import { baseEmoji, kindFromReactions, reactionKey } from '../domain/reactions';
import { slackTsToDate } from '../domain/slackTime';
import type { ServiceDeps } from './deps';

/** Keeps what people say in incident channels; other channels are none of the bot's business. */
export async function recordMessage(deps: ServiceDeps, message: TranscriptMessage): Promise<boolean> {
  const incident = await deps.repos.incidents.findByChannel(message.channelId);
  if (!incident) return false;
  await deps.repos.transcript.save(message);
  if (!incident.participants.includes(message.userId)) await deps.repos.incidents.addParticipant(incident.id, message.userId);
  return true;
}

/** An edit changes the transcript and the text of the timeline entry (and task) made from the message. */
export async function recordMessageEdit(deps: ServiceDeps, message: TranscriptMessage): Promise<void> {
  const incident = await deps.repos.incidents.findByChannel(message.channelId);
  if (!incident) return;
  await deps.repos.transcript.save(message);
  if ((await deps.repos.timeline.updateMessageText(incident.id, message.ts, message.text)) > 0) {
    await deps.repos.actions.updateText(incident.id, messageKey(message.ts), message.text);
  }
}

/** A deleted message leaves the transcript and the timeline: the team took it back. */
export async function recordMessageDeletion(deps: ServiceDeps, input: { channelId: string; ts: string }): Promise<void> {
  const incident = await deps.repos.incidents.findByChannel(input.channelId);
  if (!incident) return;
  await deps.repos.transcript.remove(input.channelId, input.ts);
  await deps.repos.timeline.removeMessage(incident.id, input.ts);
  await deps.repos.actions.remove(incident.id, messageKey(input.ts));
}

export interface ReactionInput {
  channelId: string;
  messageTs: string;
  reaction: string;
  userId: string;
}

/**
 * A timeline reaction on a message in an incident channel records that
 * message at its own time. One entry per message, however many reactions it
 * gets: the latest timeline reaction still on it decides its kind.
 */
export async function recordReactionAdded(deps: ServiceDeps, input: ReactionInput): Promise<'recorded' | 'updated' | 'ignored'> {
  const emoji = baseEmoji(input.reaction);
  const kind = deps.settings.reactionKinds[emoji];
  if (!kind) return 'ignored';
  const incident = await deps.repos.incidents.findByChannel(input.channelId);
  if (!incident) return 'ignored';
  const key = messageKey(input.messageTs);
  const reaction = reactionKey(input.userId, emoji);

  const existing = await deps.repos.timeline.addReaction(incident.id, key, reaction);
  if (existing) {
    await settleKind(deps, incident, key, existing);
    await touch(deps, incident);
    return 'updated';
  }
  const message =
    (await deps.repos.transcript.find(input.channelId, input.messageTs)) ??
    (await deps.slack.fetchMessage(input.channelId, input.messageTs));
  if (!message) {
    deps.log.warn(`reaction on ${input.channelId}/${input.messageTs}: message not found, nothing recorded`);
    return 'ignored';
  }
  const added = await deps.repos.timeline.add(await messageEntry(deps, incident, message, kind, [reaction]));
  if (!added) {
    // Another replica created the entry in the meantime: add this reaction to it.
    const reactions = await deps.repos.timeline.addReaction(incident.id, key, reaction);
    if (reactions) await settleKind(deps, incident, key, reactions);
  } else if (kind === 'follow_up') {
    await addFollowUp(deps, incident, key, message);
  }
  await touch(deps, incident);
  return added ? 'recorded' : 'updated';
}

export async function recordReactionRemoved(deps: ServiceDeps, input: ReactionInput): Promise<void> {
  const emoji = baseEmoji(input.reaction);
  if (!deps.settings.reactionKinds[emoji]) return;
  const incident = await deps.repos.incidents.findByChannel(input.channelId);
  if (!incident) return;
  const key = messageKey(input.messageTs);
  const left = await deps.repos.timeline.removeReaction(incident.id, key, reactionKey(input.userId, emoji));
  if (!left) return;
  if (left.length === 0) {
    if (await deps.repos.timeline.removeIfUnreacted(incident.id, key)) await deps.repos.actions.remove(incident.id, key);
  } else {
    await settleKind(deps, incident, key, left);
  }
  await touch(deps, incident);
}

/** The timeline entry for a marked message: at the message's own time, by its author. */
export async function messageEntry(
  deps: ServiceDeps,
  incident: Incident,
  message: { ts: string; threadTs?: string; userId: string; text: string },
  kind: TimelineKind,
  reactions: string[],
): Promise<TimelineEntry> {
  const [authorName, permalink] = await Promise.all([
    deps.slack.userName(message.userId),
    deps.slack.permalink(incident.channelId, message.ts),
  ]);
  return {
    incidentId: incident.id,
    key: messageKey(message.ts),
    kind,
    source: 'reaction',
    at: slackTsToDate(message.ts),
    authorId: message.userId,
    authorName,
    text: message.text,
    messageTs: message.ts,
    reactions,
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    ...(permalink ? { permalink } : {}),
  };
}

async function settleKind(deps: ServiceDeps, incident: Incident, key: string, reactions: string[]): Promise<void> {
  const kind = kindFromReactions(reactions, deps.settings.reactionKinds);
  if (!kind) return;
  await deps.repos.timeline.setKind(incident.id, key, kind);
  const hasFollowUp = reactions.some((r) => deps.settings.reactionKinds[r.split('|')[1] ?? ''] === 'follow_up');
  if (!hasFollowUp) {
    await deps.repos.actions.remove(incident.id, key);
    return;
  }
  const entry = await deps.repos.timeline.find(incident.id, key);
  if (entry?.messageTs) {
    await addFollowUp(deps, incident, key, { ts: entry.messageTs, userId: entry.authorId, text: entry.text });
  }
}

/** The follow-up emoji also makes the message a task (kept while the emoji stays). */
export async function addFollowUp(
  deps: ServiceDeps,
  incident: Incident,
  key: string,
  message: { ts: string; userId: string; text: string },
): Promise<void> {
  await deps.repos.actions.add({
    incidentId: incident.id,
    key,
    text: message.text,
    createdBy: message.userId,
    createdAt: slackTsToDate(message.ts),
    messageTs: message.ts,
  });
}

async function touch(deps: ServiceDeps, incident: Incident): Promise<void> {
  await deps.repos.incidents.update(incident.id, { lastActivityAt: deps.now() });
}
