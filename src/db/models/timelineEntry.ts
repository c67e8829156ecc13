import { Schema, type Connection } from 'mongoose';
import { TIMELINE_KINDS } from '../../domain/incident';

/**
 * One document per timeline entry. `_id` is `<incidentId>:<key>` (`msg:<ts>`,
 * `cmd:<trigger_id>`, `declared` …), so every write is a single upsert or
 * insert keyed by what makes a duplicate a bug, and a redelivery is a no-op.
 * Entries made from marked messages keep their reactions as a map
 * `<user>|<emoji>` → `{on, ts}`: each change is applied only if it is newer
 * than the last one seen (Slack's event_ts), so redeliveries and retries
 * arriving out of order can never undo a later change. Their kind and text
 * are derived when read (latest reaction still on; the transcript's text).
 */
const timelineEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: TIMELINE_KINDS },
    source: { type: String, enum: ['reaction', 'shortcut', 'command', 'system'] as const, required: true },
    at: { type: Date, required: true },
    authorId: { type: String, required: true },
    /** What a command or the bot recorded, as data (TimelineFact); words come where it is shown. */
    fact: { type: Schema.Types.Mixed },
    /** Entries stored before facts were: their words. */
    text: { type: String },
    /** A command's receipt order: entries of one instant read in the order they were asked for. */
    order: { type: Number },
    messageTs: { type: String },
    reactions: { type: Schema.Types.Mixed },
  },
  { timestamps: true, versionKey: false },
);
// The draft and the close read all entries of one incident in time order.
timelineEntrySchema.index({ incidentId: 1, at: 1 });

export const timelineEntryModel = (conn: Connection) => conn.model('TimelineEntry', timelineEntrySchema, 'timeline_entries');
