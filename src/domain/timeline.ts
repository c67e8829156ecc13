import type { ActionItem, ReactionState, RecordedEntry, TimelineEntry, TimelineFact, TimelineKind, TranscriptMessage } from './incident';
import { contentText } from './messageContent';
import { kindFromReactions, type ReactionKinds } from './reactions';
import { slackTsToDate } from './slackTime';

/** The reactions still on a message, oldest first: the order that decides its kind. */
export function activeReactions(states: Readonly<Record<string, ReactionState>> | undefined): string[] {
  return Object.entries(states ?? {})
    .filter(([, s]) => s.on)
    .sort(([ka, a], [kb, b]) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([k]) => k);
}

const isFollowUp = (reaction: string, kinds: ReactionKinds) => kinds[reaction.split('|')[1] ?? ''] === 'follow_up';

export interface ReadTimeline {
  /** authorName is set only where the message names its author (a bot's or an integration's post); people are looked up. */
  entries: Array<Omit<TimelineEntry, 'authorName' | 'permalink'> & { authorName?: string; permalink?: string }>;
  /** Messages marked with the follow-up emoji: tasks while it stays. */
  followUps: ActionItem[];
}

/**
 * The timeline as people see it, from what is stored: a marked message is on
 * it while a timeline reaction is on it and the message exists; its kind is
 * that of the latest such reaction, its text the message's latest version.
 */
export function readTimeline(
  recorded: readonly RecordedEntry[],
  transcript: ReadonlyMap<string, TranscriptMessage>,
  kinds: ReactionKinds,
  /** Messages added with the shortcut, by `<channel>:<ts>`, and the incident's channel (where marks are made). */
  added: { messages: ReadonlyMap<string, TranscriptMessage>; channelId: string } = { messages: new Map(), channelId: '' },
): ReadTimeline {
  const entries: ReadTimeline['entries'] = [];
  const followUps: ActionItem[] = [];
  // A message both marked and added is one entry: the added one, which says what it is and when.
  const addedHere = new Set(recorded.flatMap((e) => (e.fact?.kind === 'message' && e.fact.channelId === added.channelId ? [e.fact.ts] : [])));
  for (const e of recorded) {
    if (e.source === 'shortcut' && e.fact?.kind === 'message') {
      const read = addedEntry(e, e.fact, added.messages.get(`${e.fact.channelId}:${e.fact.ts}`));
      if (read) entries.push(read);
      if (read && read.kind === 'follow_up' && read.text.trim() !== '') {
        followUps.push({ incidentId: e.incidentId, key: e.key, text: read.text, createdBy: read.authorId, createdAt: e.at });
      }
      continue;
    }
    if (e.source === 'reaction' && e.messageTs && addedHere.has(e.messageTs)) continue;
    if (e.source !== 'reaction') {
      // A fact is worded where it is shown (the draft's renderer); entries from before facts keep their words.
      if (e.kind) entries.push({ incidentId: e.incidentId, key: e.key, kind: e.kind, source: e.source, at: e.at, authorId: e.authorId, text: e.text ?? '', ...(e.fact ? { fact: e.fact } : {}) });
      continue;
    }
    const message = e.messageTs ? transcript.get(e.messageTs) : undefined;
    if (message?.deleted) continue;
    const reactions = activeReactions(e.reactions).filter((r) => kinds[r.split('|')[1] ?? '']);
    const kind: TimelineKind | undefined = kindFromReactions(reactions, kinds);
    if (!kind) continue;
    const text = message ? contentText(message) : '';
    // A classic integration posts with no user: its bot id stands for it, its own name says who it is.
    const authorId = message?.userId || message?.botId || e.authorId;
    entries.push({
      incidentId: e.incidentId,
      key: e.key,
      kind,
      source: 'reaction',
      at: e.at,
      authorId,
      ...(message?.authorName ? { authorName: message.authorName } : {}),
      text,
      reactions,
      ...(e.messageTs ? { messageTs: e.messageTs } : {}),
      ...(message?.threadTs ? { threadTs: message.threadTs } : {}),
    });
    // A task needs words: a marked message whose content is not known (yet) is no follow-up.
    if (e.messageTs && text.trim() !== '' && reactions.some((r) => isFollowUp(r, kinds))) {
      followUps.push({ incidentId: e.incidentId, key: e.key, text, createdBy: authorId, createdAt: slackTsToDate(e.messageTs), messageTs: e.messageTs });
    }
  }
  return { entries, followUps };
}

/**
 * A message added with the shortcut, as it reads now: its latest words and author from the transcript (gone
 * once it is deleted), the category, time and note it was added with, its files listed apart.
 */
function addedEntry(e: RecordedEntry, fact: Extract<TimelineFact, { kind: 'message' }>, message: TranscriptMessage | undefined): ReadTimeline['entries'][number] | undefined {
  if (message?.deleted) return undefined;
  return {
    incidentId: e.incidentId,
    key: e.key,
    kind: fact.category,
    source: 'shortcut',
    at: e.at,
    authorId: message?.userId || message?.botId || e.authorId,
    ...(message?.authorName ? { authorName: message.authorName } : {}),
    text: message?.text ?? '',
    ...(fact.note ? { note: fact.note } : {}),
    ...(message?.files?.length ? { files: message.files } : {}),
    ...(fact.permalink ? { permalink: fact.permalink } : {}),
    ...(fact.threadTs ? { threadTs: fact.threadTs } : {}),
  };
}

/** A message's link, as Slack forms it (threads carry their parent). */
export function permalinkOf(workspaceUrl: string, channelId: string, ts: string, threadTs?: string): string {
  const base = `${workspaceUrl.replace(/\/?$/, '/')}archives/${channelId}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}

/** Everyone who wrote in the channel, in the order they first did; bots and integrations are not people. */
export function participantsOf(transcript: Iterable<TranscriptMessage>): string[] {
  const sorted = [...transcript].filter((m) => !m.deleted && m.userId && !m.botId).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return [...new Set(sorted.map((m) => m.userId))];
}
