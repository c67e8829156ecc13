import { Schema, type Connection } from 'mongoose';
import { TIMELINE_KINDS } from '../../domain/incident';

const timelineEntrySchema = new Schema(
  {
    /** `<incidentId>:<key>`: lookups by key are by _id, which FerretDB answers without scanning the collection. */
    _id: { type: String, required: true },
    incidentId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: TIMELINE_KINDS, required: true },
    source: { type: String, enum: ['reaction', 'command', 'system'] as const, required: true },
    at: { type: Date, required: true },
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    text: { type: String, default: '' },
    messageTs: { type: String },
    threadTs: { type: String },
    permalink: { type: String },
    reactions: { type: [String], default: undefined },
    /** Order of recording within the incident, from a counter; ties on `at` keep this order. */
    seq: { type: Number, required: true },
    /** The read page (timeline_pages) that carries a copy of this entry: floor((seq - 1) / PAGE_SIZE). */
    page: { type: Number, required: true },
  },
  { timestamps: true },
);
// A duplicate here would be a timeline entry recorded twice: the index makes redelivery harmless.
timelineEntrySchema.index({ incidentId: 1, key: 1 }, { unique: true });
timelineEntrySchema.index({ incidentId: 1, page: 1 });
timelineEntrySchema.index({ incidentId: 1, messageTs: 1 });

export const timelineEntryModel = (conn: Connection) => conn.model('TimelineEntry', timelineEntrySchema, 'timeline_entries');
