import { messageKey, type Incident } from '../domain/incident';
import { baseEmoji, kindFromReactions, reactionKey } from '../domain/reactions';
import type { ServiceDeps } from './deps';
import type { ChannelMessage } from './ports';
import { addFollowUp, messageEntry } from './timeline';

/** Message subtypes that still are a person talking; every other subtype is Slack's or a bot's. */
const HUMAN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

export interface ScanResult {
  /** Messages read, thread replies included. */
  scanned: number;
  /** Marked messages that were missing from the timeline and are now in it. */
  recovered: number;
  /** Web API calls spent on reading the channel (history and replies pages). */
  calls: number;
}

/**
 * Reads the whole channel (history, then every thread) and adds each message
 * that carries a timeline reaction but is missing from the timeline: events
 * missed while the bot was down still reach the draft. Messages seen also
 * fill gaps in the transcript. Slack's 429s are waited out by the Web API
 * client (Retry-After), so a long channel is slow, never incomplete.
 */
export async function recoverMissedEntries(deps: ServiceDeps, incident: Incident): Promise<ScanResult> {
  const known = new Set((await deps.repos.timeline.list(incident.id)).flatMap((e) => (e.messageTs ? [e.messageTs] : [])));
  const result: ScanResult = { scanned: 0, recovered: 0, calls: 0 };
  const participants = new Set(incident.participants);
  const visit = async (m: ChannelMessage) => {
    result.scanned += 1;
    if (!m.userId || m.botId || (m.subtype && !HUMAN_SUBTYPES.has(m.subtype))) return;
    const threadTs = m.threadTs && m.threadTs !== m.ts ? m.threadTs : undefined;
    const message = { ts: m.ts, userId: m.userId, text: m.text, ...(threadTs ? { threadTs } : {}) };
    await deps.repos.transcript.save({ channelId: incident.channelId, ...message });
    if (!participants.has(m.userId)) {
      participants.add(m.userId);
      await deps.repos.incidents.addParticipant(incident.id, m.userId);
    }
    if (known.has(m.ts)) return;
    const reactions = m.reactions.flatMap((r) =>
      deps.settings.reactionKinds[baseEmoji(r.name)] ? r.users.map((u) => reactionKey(u, baseEmoji(r.name))) : [],
    );
    const kind = kindFromReactions(reactions, deps.settings.reactionKinds);
    if (!kind) return;
    if (await deps.repos.timeline.add(await messageEntry(deps, incident, message, kind, reactions))) {
      result.recovered += 1;
      known.add(m.ts);
      if (reactions.some((r) => deps.settings.reactionKinds[r.split('|')[1] ?? ''] === 'follow_up')) {
        await addFollowUp(deps, incident, messageKey(m.ts), message);
      }
    }
  };

  const threads: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.slack.history(incident.channelId, cursor);
    result.calls += 1;
    for (const m of page.messages) {
      await visit(m);
      if (m.replyCount > 0) threads.push(m.ts);
    }
    cursor = page.nextCursor;
  } while (cursor);

  for (const threadTs of threads) {
    let replyCursor: string | undefined;
    do {
      const page = await deps.slack.replies(incident.channelId, threadTs, replyCursor);
      result.calls += 1;
      // The parent comes first in every thread page; it was visited with the history.
      for (const m of page.messages) if (m.ts !== threadTs) await visit(m);
      replyCursor = page.nextCursor;
    } while (replyCursor);
  }
  return result;
}
