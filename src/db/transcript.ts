import type { TranscriptMessage } from '../domain/incident';
import { upsertsSkippingStale, type Models } from './connection';

interface MessageDocument {
  channelId: string;
  ts: string;
  threadTs?: string | null;
  userId: string;
  text?: string | null;
  rev: string;
  deleted?: boolean | null;
}

const toMessage = (d: MessageDocument): TranscriptMessage => ({
  channelId: d.channelId,
  ts: d.ts,
  userId: d.userId,
  text: d.text ?? '',
  rev: d.rev,
  ...(d.threadTs ? { threadTs: d.threadTs } : {}),
  ...(d.deleted ? { deleted: true } : {}),
});

export function createTranscript(transcript: Models['transcript']) {
  return {
    /**
     * Stores each message version if it is newer than the stored one (by `rev`),
     * in one round trip; older versions, redeliveries included, change nothing.
     * One conditional upsert per message; a stale version fails with 11000 and
     * is skipped.
     */
    async save(messages: TranscriptMessage[]): Promise<void> {
      if (messages.length === 0) return;
      await upsertsSkippingStale(
        (ops) => transcript.collection.bulkWrite(ops, { ordered: true }),
        messages.map((m) => {
          const { channelId, ts, rev } = m;
          const now = new Date();
          // A deletion keeps who wrote what (the message is hidden, not rewritten).
          const set = m.deleted
            ? { deleted: true, rev, updatedAt: now }
            : { userId: m.userId, text: m.text, deleted: false, rev, updatedAt: now, ...(m.threadTs ? { threadTs: m.threadTs } : {}) };
          const onInsert = m.deleted ? { channelId, ts, userId: m.userId, text: '', createdAt: now } : { channelId, ts, createdAt: now };
          return { updateOne: { filter: { _id: `${channelId}:${ts}` as never, rev: { $lt: rev } }, update: { $set: set, $setOnInsert: onInsert }, upsert: true } };
        }),
      );
    },
    find: async (channelId: string, ts: string) => {
      const d = await transcript.findById(`${channelId}:${ts}`).lean<MessageDocument>();
      return d && toMessage(d);
    },
    /** Every message kept for the channel, deleted ones included (they hide their entries). */
    listChannel: async (channelId: string) => (await transcript.find({ channelId }).lean<MessageDocument[]>()).map(toMessage),
  };
}
export type Transcript = ReturnType<typeof createTranscript>;
