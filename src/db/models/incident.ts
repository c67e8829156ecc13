import { Schema, type Connection, type InferSchemaType } from 'mongoose';

const incidentSchema = new Schema(
  {
    number: { type: Number, required: true, unique: true },
    title: { type: String, required: true },
    channelId: { type: String, required: true, unique: true },
    channelName: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'] as const, required: true, default: 'open' },
    declaredAt: { type: Date, required: true },
    declaredBy: { type: String, required: true },
    closedAt: { type: Date },
    closedBy: { type: String },
    summaryTs: { type: String },
    latestPostmortemVersion: { type: Number },
  },
  { timestamps: true },
);
incidentSchema.index({ status: 1, number: -1 });

export type IncidentDoc = InferSchemaType<typeof incidentSchema>;
export const incidentModel = (conn: Connection) => conn.model('Incident', incidentSchema, 'incidents');
