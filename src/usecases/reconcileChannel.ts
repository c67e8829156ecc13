import type { ReactionFact } from '../domain/channelEvents';
import type { Incident, TranscriptMessage } from '../domain/incident';
import { carriesContent, readMessage, sameContent, type SlackMessage } from '../domain/messageContent';
import { baseEmoji, reactionKey } from '../domain/reactions';
import { activeReactions } from '../domain/timeline';
import type { UseCaseDeps } from './deps';
import type { ChannelMessage } from './ports/channel';

export interface ReconcileResult {
  scanned: number;
  /** Marked messages that were missing from the timeline and are now on it. */
  recovered: number;
  /** Reactions and messages found changed or gone. */
  corrected: number;
  /** Web API calls spent reading the channel. */
  calls: number;
}

/** A Slack ts for an instant, with `n` microseconds added so observations made at once keep an order. */
const tsAt = (ms: number, n = 0) => `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + n).padStart(6, '0')}`;

/**
 * Brings what is stored for an incident in line with its channel as Slack has
 * it now, both ways: marked messages the bot missed are added, reactions and
 * messages that are gone are removed, edited text is updated, and the
 * transcript gains what it lacked. Every change is stamped with the time the
 * reading began: an event Slack sends later is newer and wins, an older one
 * was already reflected in what was read. Two bulk writes, whatever the size.
 */
export async function reconcileChannel(
  deps: Pick<UseCaseDeps, 'timeline' | 'transcript' | 'history' | 'settings'>,
  incident: Incident,
  now: Date,
): Promise<ReconcileResult> {
  const started = tsAt(now.getTime());
  // A channel adopted by `--here` had a life before the incident: only its recent part is read.
  const oldest = incident.historyFrom ? tsAt(incident.historyFrom.getTime()) : undefined;
  const result: ReconcileResult = { scanned: 0, recovered: 0, corrected: 0, calls: 0 };
  const [recorded, stored, own] = await Promise.all([deps.timeline.list(incident.id), deps.transcript.listChannel(incident.channelId), deps.history.ownIds()]);
  const storedByTs = new Map(stored.map((m) => [m.ts, m]));
  const entryByTs = new Map(recorded.flatMap((e) => (e.messageTs ? [[e.messageTs, e] as const] : [])));
  const seen = new Set<string>();
  const messages: TranscriptMessage[] = [];
  const reactions: ReactionFact[] = [];
  const kinds = deps.settings.reactionKinds;
  const postedBySelf = (m: SlackMessage) => (own.userId !== undefined && m.user === own.userId) || (own.botId !== undefined && m.bot_id === own.botId);

  const visit = (m: ChannelMessage) => {
    result.scanned += 1;
    // Its own posts are the bot's records already; Slack's notes say nothing; a tombstone is a deletion (not seen).
    if (!carriesContent(m.subtype) || postedBySelf(m.message)) return;
    seen.add(m.ts);
    const { files, ...record } = readMessage(m.message);
    const threadTs = m.threadTs && m.threadTs !== m.ts ? m.threadTs : undefined;
    const known = storedByTs.get(m.ts);
    if (!known || known.deleted || !sameContent(known, { ...record, files })) {
      messages.push({ channelId: incident.channelId, ts: m.ts, ...record, rev: started, ...(files.length > 0 ? { files } : {}), ...(threadTs ? { threadTs } : {}) });
      if (known) result.corrected += 1;
    }
    const authorId = record.userId || record.botId || '';
    const want = m.reactions.flatMap((r) => (kinds[baseEmoji(r.name)] ? r.users.map((u) => reactionKey(u, baseEmoji(r.name))) : []));
    const entry = entryByTs.get(m.ts);
    const have = new Set(activeReactions(entry?.reactions).filter((r) => kinds[r.split('|')[1] ?? '']));
    if (want.length > 0 && have.size === 0) result.recovered += 1;
    want.forEach((reaction, i) => {
      if (!have.has(reaction)) reactions.push({ incidentId: incident.id, messageTs: m.ts, authorId, reaction, on: true, ts: tsAt(now.getTime(), i) });
    });
    for (const reaction of have) {
      if (!want.includes(reaction)) reactions.push({ incidentId: incident.id, messageTs: m.ts, authorId, reaction, on: false, ts: started });
    }
    if (have.size > 0 && (want.some((r) => !have.has(r)) || [...have].some((r) => !want.includes(r)))) result.corrected += 1;
  };

  const threads: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.history.history(incident.channelId, cursor, oldest);
    result.calls += 1;
    for (const m of page.messages) {
      visit(m);
      if (m.replyCount > 0) threads.push(m.ts);
    }
    cursor = page.nextCursor;
  } while (cursor);
  for (const threadTs of threads) {
    let replyCursor: string | undefined;
    do {
      const page = await deps.history.replies(incident.channelId, threadTs, replyCursor);
      result.calls += 1;
      // The parent comes first in every thread page; it was visited with the history.
      for (const m of page.messages) if (m.ts !== threadTs) visit(m);
      replyCursor = page.nextCursor;
    } while (replyCursor);
  }

  // Messages kept from before the reading began and no longer in the channel were deleted.
  for (const m of stored) {
    if (m.deleted || seen.has(m.ts) || m.ts >= started || (oldest !== undefined && m.ts <= oldest)) continue;
    messages.push({ ...m, rev: started, deleted: true });
    result.corrected += 1;
  }
  await deps.transcript.save(messages, now);
  await deps.timeline.applyReactions(reactions, now);
  return result;
}
