import { Schema, type Connection } from 'mongoose';

/** Follow-up tasks from `/incident action` (tasks from marked messages are read from their entries). */
const actionItemSchema = new Schema(
  {
    /** `<incidentId>:<key>`: one task per command invocation. */
    _id: { type: String, required: true },
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
actionItemSchema.index({ incidentId: 1, createdAt: 1 });

export const actionItemModel = (conn: Connection) => conn.model('ActionItem', actionItemSchema, 'action_items');
