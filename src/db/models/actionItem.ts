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
    number: { type: Number },
    /** `open` or `done`: an equality every look-up of open tasks can be answered by from an index. */
    state: { type: String, enum: ['open', 'done'], default: 'open' },
    doneBy: { type: String },
    doneAt: { type: Date },
    /** Whether the owner was reminded it is past due (ACTION_DUE_DAYS), and when. */
    reminded: { type: Boolean, default: false },
    remindedAt: { type: Date },
  },
  { timestamps: { createdAt: false, updatedAt: true } },
);
actionItemSchema.index({ incidentId: 1, createdAt: 1 });
actionItemSchema.index({ incidentId: 1, number: 1 });
actionItemSchema.index({ ownerId: 1, state: 1 });
actionItemSchema.index({ state: 1, reminded: 1, createdAt: 1 });

export const actionItemModel = (conn: Connection) => conn.model('ActionItem', actionItemSchema, 'action_items');
