import { Schema, type Connection } from 'mongoose';

/**
 * Every Slack request the bot accepted, stored before Slack hears the answer.
 * `_id` is Slack's own id for it (`evt:<event_id>`, `cmd:<trigger_id>`,
 * `view:<view id>`), so a redelivery or a second replica finds it stored.
 * `pending` items are applied by whoever holds the lease; `held` ones belong to a
 * closed incident and wait for its reopening.
 */
const inboxItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: ['pending', 'done', 'held', 'failed'] as const, required: true },
    receivedAt: { type: Date, required: true },
    /** Receipt order (database time): later-received changes to one field win. */
    order: { type: Number },
    leaseUntil: { type: Date, required: true },
    /** The token of the current hold: every write about the item is fenced by it. */
    lease: { type: String },
    owner: { type: String },
    attempts: { type: Number, default: 0 },
    incidentId: { type: Schema.Types.ObjectId },
    error: { type: String },
    /** Its sender was told "not recorded": applied only if sent again. */
    refused: { type: Boolean },
    heldAt: { type: Date },
    doneAt: { type: Date },
  },
  { versionKey: false },
);
inboxItemSchema.index({ state: 1, leaseUntil: 1 });
inboxItemSchema.index({ incidentId: 1, state: 1 });
inboxItemSchema.index({ state: 1, heldAt: 1 });

export const inboxItemModel = (conn: Connection) => conn.model('InboxItem', inboxItemSchema, 'inbox');
