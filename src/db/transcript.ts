import type { TranscriptMessage } from '../domain/incident';
import type { TranscriptStore } from '../usecases/ports/transcript';
import { upsertsSkippingStale, type Models } from './connection';

interface MessageDocument {
  channelId: string;
  ts: string;
  threadTs?: string | null;
  userId?: string | null;
  botId?: string | null;
  authorName?: string | null;
  text?: string | null;
  files?: Array<{ name: string; link?: string | null }> | null;
  rev: string;
  deleted?: boolean | null;
}

const toMessage = (d: MessageDocument): TranscriptMessage => ({
  channelId: d.channelId,
  ts: d.ts,
  userId: d.userId ?? '',
  text: d.text ?? '',
  rev: d.rev,
  ...(d.threadTs ? { threadTs: d.threadTs } : {}),
  ...(d.botId ? { botId: d.botId } : {}),
  ...(d.authorName ? { authorName: d.authorName } : {}),
  ...(d.files?.length ? { files: d.files.map((f) => ({ name: f.name, ...(f.link ? { link: f.link } : {}) })) } : {}),
  ...(d.deleted ? { deleted: true } : {}),
});

/** What a message's author and content occupy; a deletion removes all of it. */
const CONTENT = ['threadTs', 'userId', 'botId', 'authorName', 'text', 'files'] as const;

/** A version's $set and $unset: every content field written, or removed when the version has none. */
function contentUpdate(m: TranscriptMessage, now: Date) {
  const set: Record<string, unknown> = { deleted: false, rev: m.rev, updatedAt: now, userId: m.userId, text: m.text };
  const unset: Record<string, ''> = {};
  for (const field of ['threadTs', 'botId', 'authorName', 'files'] as const) {
    const value = m[field];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) set[field] = value;
    else unset[field] = '';
  }
  return { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
}

/** One message version as a conditional write: lands only if newer (by `rev`); inserted when `upsert`. */
function versionWrite(m: TranscriptMessage, now: Date, upsert: boolean) {
  const { channelId, ts, rev } = m;
  const update = m.deleted
    ? { $set: { deleted: true, rev, updatedAt: now }, $unset: Object.fromEntries(CONTENT.map((f) => [f, ''])) }
    : contentUpdate(m, now);
  return {
    updateOne: { filter: { _id: `${channelId}:${ts}` as never, rev: { $lt: rev } }, update: { ...update, $setOnInsert: { channelId, ts, createdAt: now } }, upsert },
  };
}

export function createTranscript(transcript: Models['transcript']): TranscriptStore {
  const write = async (messages: TranscriptMessage[], now: Date, upsert: boolean) => {
    if (messages.length === 0) return;
    await upsertsSkippingStale(
      (ops) => transcript.collection.bulkWrite(ops, { ordered: true }),
      messages.map((m) => versionWrite(m, now, upsert)),
    );
  };
  return {
    /**
     * Stores each message version if it is newer than the stored one (by `rev`),
     * in one round trip; older versions, redeliveries included, change nothing.
     * One conditional upsert per message; a stale version fails with 11000 and
     * is skipped. A deletion keeps nothing of what was said or by whom: only the
     * message's ids, its rev and that it is gone (which hides its entry).
     */
    save: (messages, now) => write(messages, now, true),
    /** The same conditional writes without inserting: a message not kept stays unkept (no 11000 either). */
    saveKept: (messages, now) => write(messages, now, false),
    find: async (channelId: string, ts: string) => {
      const d = await transcript.findById(`${channelId}:${ts}`).lean<MessageDocument>();
      return d && toMessage(d);
    },
    findMany: async (refs) =>
      refs.length === 0 ? [] : (await transcript.find({ _id: { $in: refs.map((r) => `${r.channelId}:${r.ts}`) } }).lean<MessageDocument[]>()).map(toMessage),
    /** Every message kept for the channel, deleted ones included (they hide their entries). */
    listChannel: async (channelId: string) => (await transcript.find({ channelId }).lean<MessageDocument[]>()).map(toMessage),
  };
}
