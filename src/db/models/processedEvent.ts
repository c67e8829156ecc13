import { Schema, type Connection } from 'mongoose';

/**
 * Slack event ids (and command trigger ids) already taken by a replica. The
 * unique _id makes the claim atomic across replicas. FerretDB has no TTL
 * index, so old claims are purged by the app itself (purgeOlderThan).
 */
const processedEventSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
processedEventSchema.index({ at: 1 });

export const processedEventModel = (conn: Connection) => conn.model('ProcessedEvent', processedEventSchema, 'processed_events');
