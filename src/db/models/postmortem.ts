import { Schema, type Connection } from 'mongoose';

/** Every generated draft is kept as a version of its own; none is overwritten. */
const postmortemSchema = new Schema(
  {
    incidentId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    markdown: { type: String, required: true },
    generatedAt: { type: Date, required: true },
    generatedBy: { type: String, required: true },
    template: { type: String, required: true },
    /** The outbox job that made it: a retried job stores no second version. */
    jobKey: { type: String, required: true },
  },
  { timestamps: true },
);
postmortemSchema.index({ incidentId: 1, version: 1 }, { unique: true });
postmortemSchema.index({ jobKey: 1 }, { unique: true });

export const postmortemModel = (conn: Connection) => conn.model('Postmortem', postmortemSchema, 'postmortems');
