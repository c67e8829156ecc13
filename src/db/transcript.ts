import type { TranscriptMessage } from '../domain/incident';
import type { Models } from './connection';

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
     * all in one round trip: the document is created if missing, then updated
     * only by a newer version. A stale version matches nothing, so it never
     * stops the rest of a batch.
     */
    async save(messages: TranscriptMessage[]): Promise<void> {
      if (messages.length === 0) return;
      const now = new Date();
      // Any error fails the whole batch, which is applied again (it is idempotent).
      await transcript.collection.bulkWrite(
          messages.flatMap((m) => {
            const { channelId, ts, rev } = m;
            const _id = `${channelId}:${ts}` as never;
            // A deletion keeps who wrote what (the message is hidden, not rewritten).
            const set = m.deleted
              ? { deleted: true, rev, updatedAt: now }
              : { userId: m.userId, text: m.text, deleted: false, rev, updatedAt: now, ...(m.threadTs ? { threadTs: m.threadTs } : {}) };
            return [
              { updateOne: { filter: { _id }, update: { $setOnInsert: { channelId, ts, userId: m.userId, text: '', rev: '', createdAt: now } }, upsert: true } },
              { updateOne: { filter: { _id, rev: { $lt: rev } }, update: { $set: set } } },
            ];
          }),
          { ordered: true },
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
