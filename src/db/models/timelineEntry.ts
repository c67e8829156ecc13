import { Schema, type Connection } from 'mongoose';
import { TIMELINE_KINDS } from '../../domain/incident';

const timelineEntrySchema = new Schema(
  {
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
  },
  { timestamps: true },
);
// A duplicate here would be a timeline entry recorded twice: the index makes redelivery harmless.
timelineEntrySchema.index({ incidentId: 1, key: 1 }, { unique: true });
timelineEntrySchema.index({ incidentId: 1, at: 1 });
timelineEntrySchema.index({ incidentId: 1, messageTs: 1 });

export const timelineEntryModel = (conn: Connection) => conn.model('TimelineEntry', timelineEntrySchema, 'timeline_entries');
