import { Schema, type Connection } from 'mongoose';

/**
 * A Slack effect waiting to be delivered, written with the facts it follows
 * from. `_id` is deterministic (`<inbox id>:<n>`, or `summary:<incident>` for
 * the coalesced edits of one message), so re-applying an item writes nothing
 * new. `rev` counts the changes a coalesced job stands for: it is done only
 * when the delivered rev is still the latest.
 */
const outboxJobSchema = new Schema(
  {
    _id: { type: String, required: true },
    effect: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: ['pending', 'done', 'dead'] as const, required: true },
    dueAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    rev: { type: Number, default: 0 },
    /** Failed tries in a row; a success starts again from 0. */
    attempts: { type: Number, default: 0 },
    /** The token of the delivery holding the job: its writes are fenced by it. */
    lease: { type: String },
    owner: { type: String },
    lastError: { type: String },
    doneAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);
outboxJobSchema.index({ state: 1, dueAt: 1 });

export const outboxJobModel = (conn: Connection) => conn.model('OutboxJob', outboxJobSchema, 'outbox');
