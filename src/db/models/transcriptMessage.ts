import { Schema, type Connection } from 'mongoose';

/** Every human message in an incident channel, so a reaction can be recorded without asking Slack for the text. */
const transcriptMessageSchema = new Schema(
  {
    channelId: { type: String, required: true },
    ts: { type: String, required: true },
    threadTs: { type: String },
    userId: { type: String, required: true },
    text: { type: String, default: '' },
  },
  { timestamps: true },
);
transcriptMessageSchema.index({ channelId: 1, ts: 1 }, { unique: true });

export const transcriptMessageModel = (conn: Connection) =>
  conn.model('TranscriptMessage', transcriptMessageSchema, 'transcript_messages');
