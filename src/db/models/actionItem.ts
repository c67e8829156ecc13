import { Schema, type Connection } from 'mongoose';

/** Follow-up tasks; keyed like timeline entries so a redelivered command or reaction adds none twice. */
const actionItemSchema = new Schema(
  {
    incidentId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    text: { type: String, required: true },
    ownerId: { type: String },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    messageTs: { type: String },
  },
  { timestamps: { createdAt: false, updatedAt: true } },
);
actionItemSchema.index({ incidentId: 1, key: 1 }, { unique: true });

export const actionItemModel = (conn: Connection) => conn.model('ActionItem', actionItemSchema, 'action_items');
