import { Schema, type Connection } from 'mongoose';

/**
 * Every human message seen in an incident channel, as typed (entities decoded).
 * `_id` is `<channel>:<ts>`. `rev` orders the versions of a message (its own ts,
 * then each edit's, then the deletion's): a write lands only if it is newer, so
 * a late redelivery of an edit never overwrites a later one.
 */
const transcriptMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    channelId: { type: String, required: true },
    ts: { type: String, required: true },
    threadTs: { type: String },
    userId: { type: String, required: true },
    text: { type: String, default: '' },
    rev: { type: String, required: true },
    deleted: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);
transcriptMessageSchema.index({ channelId: 1, ts: 1 });

export const transcriptMessageModel = (conn: Connection) =>
  conn.model('TranscriptMessage', transcriptMessageSchema, 'transcript_messages');
