import type { Incident, TranscriptMessage } from './incident';
import { reactionKey } from './reactions';

/**
 * A message's author and content as an event carries them (see messageContent.ts). Items stored before bots'
 * posts were kept have no botId, authorName or files.
 */
type Posted = Omit<TranscriptMessage, 'rev' | 'deleted'>;

/** What happened in a channel, as the inbox keeps it (text already decoded). */
export type ChannelEvent =
  | { kind: 'reaction'; channelId: string; messageTs: string; itemUser: string; userId: string; emoji: string; added: boolean; eventTs: string }
  | ({ kind: 'message' } & Posted)
  | ({ kind: 'message_edited'; editTs: string } & Posted)
  | { kind: 'message_deleted'; channelId: string; ts: string; eventTs: string };

export interface ReactionFact {
  incidentId: string;
  messageTs: string;
  authorId: string;
  reaction: string;
  on: boolean;
  ts: string;
}

export interface ChannelEventPlan {
  reactions: ReactionFact[];
  messages: TranscriptMessage[];
  /**
   * Edits and deletions in channels that are no incident's: they matter only to messages added to a timeline
   * with the shortcut, so they are kept only for messages the transcript has already.
   */
  elsewhere: TranscriptMessage[];
  /** Incidents with something new on their timeline: their summaries show the time. */
  touched: string[];
  /** Items about a closed incident: kept until it is reopened. */
  held: Array<{ id: string; incidentId: string }>;
  /** Items applied by the writes above, or about nothing the bot keeps. */
  done: string[];
}

/**
 * What a batch of channel events means, given the incident of each channel:
 * reaction changes and message versions, each tagged with Slack's own time so
 * that applying them in any order, or twice, gives the same result. Events of
 * a closed incident change nothing until it is reopened (and are not kept at all
 * for a channel adopted with `--here`).
 */
export function planChannelEvents(items: ReadonlyArray<{ id: string; event: ChannelEvent }>, incidentOf: (channelId: string) => Incident | undefined): ChannelEventPlan {
  const plan: ChannelEventPlan = { reactions: [], messages: [], elsewhere: [], touched: [], held: [], done: [] };
  const touched = new Set<string>();
  for (const { id, event } of items) {
    const incident = incidentOf(event.channelId);
    if (!incident) {
      plan.done.push(id);
      if (event.kind === 'message_edited' || event.kind === 'message_deleted') plan.elsewhere.push(versionOf(event));
      continue;
    }
    if (incident.status === 'closed') {
      // A channel adopted with `--here` goes back to its ordinary life: nothing of it is kept for a reopen,
      // which reads the channel's history instead (reconciliation). A dedicated channel's events are kept.
      if (incident.historyFrom) plan.done.push(id);
      else plan.held.push({ id, incidentId: incident.id });
      continue;
    }
    plan.done.push(id);
    switch (event.kind) {
      case 'reaction':
        plan.reactions.push({
          incidentId: incident.id,
          messageTs: event.messageTs,
          authorId: event.itemUser,
          reaction: reactionKey(event.userId, event.emoji),
          on: event.added,
          ts: event.eventTs,
        });
        touched.add(incident.id);
        break;
      case 'message':
      case 'message_edited':
      case 'message_deleted':
        plan.messages.push(versionOf(event));
        break;
    }
  }
  plan.touched = [...touched];
  return plan;
}

/** The message version an event carries: new, edited or deleted, ordered by Slack's time of it. */
function versionOf(event: Exclude<ChannelEvent, { kind: 'reaction' }>): TranscriptMessage {
  if (event.kind === 'message_deleted') return { channelId: event.channelId, ts: event.ts, userId: '', text: '', rev: event.eventTs, deleted: true };
  return version(event, event.kind === 'message_edited' ? event.editTs : event.ts);
}

function version(p: Posted, rev: string): TranscriptMessage {
  return {
    channelId: p.channelId,
    ts: p.ts,
    userId: p.userId,
    text: p.text,
    rev,
    ...(p.threadTs ? { threadTs: p.threadTs } : {}),
    ...(p.botId ? { botId: p.botId } : {}),
    ...(p.authorName ? { authorName: p.authorName } : {}),
    ...(p.files?.length ? { files: p.files } : {}),
  };
}
