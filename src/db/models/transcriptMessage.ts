import { Schema, type Connection } from 'mongoose';

/**
 * Every message seen in an incident channel (people's, bots', integrations'),
 * as posted (entities decoded). `_id` is `<channel>:<ts>`. `rev` orders the
 * versions of a message (its own ts, then each edit's, then the deletion's): a
 * write lands only if it is newer, so a late redelivery of an edit never
 * overwrites a later one. A deleted message keeps only its ids, `rev` and
 * `deleted`: what it said and who said it are removed.
 */
const transcriptMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    channelId: { type: String, required: true },
    ts: { type: String, required: true },
    threadTs: { type: String },
    /** '' for a classic integration's post, which has no user. */
    userId: { type: String },
    botId: { type: String },
    /** A bot's or integration's own name, from the message. */
    authorName: { type: String },
    text: { type: String },
    files: { type: [{ _id: false, name: { type: String, required: true }, link: { type: String } }], default: undefined },
    rev: { type: String, required: true },
    deleted: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false },
);
transcriptMessageSchema.index({ channelId: 1, ts: 1 });

export const transcriptMessageModel = (conn: Connection) =>
  conn.model('TranscriptMessage', transcriptMessageSchema, 'transcript_messages');
