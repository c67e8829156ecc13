import { Schema, type Connection } from 'mongoose';
import { PHASES, SEVERITIES } from '../../domain/commandTypes';

const incidentSchema = new Schema(
  {
    number: { type: Number, required: true, unique: true },
    title: { type: String, required: true },
    channelId: { type: String, required: true, unique: true },
    channelName: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'] as const, required: true, default: 'open' },
    severity: { type: String, enum: SEVERITIES },
    phase: { type: String, enum: PHASES, required: true, default: 'investigating' },
    milestones: {
      investigating: { type: Date },
      identified: { type: Date },
      monitoring: { type: Date },
      resolved: { type: Date },
    },
    /** The first time each response stage was reached (only ever moves back): the response figures. */
    reached: { acknowledge: { type: Date }, identify: { type: Date }, mitigate: { type: Date }, resolve: { type: Date } },
    roles: { lead: { type: String }, scribe: { type: String }, comms: { type: String } },
    impact: { type: String },
    rootCause: { type: String },
    impactStartedAt: { type: Date },
    impactEndedAt: { type: Date },
    lastActivityAt: { type: Date, required: true },
    declaredAt: { type: Date, required: true },
    declaredBy: { type: String, required: true },
    closedAt: { type: Date },
    closedBy: { type: String },
    /** The command that closed it: applied again, the same close recognises its own. */
    closeKey: { type: String },
    /** Per field group, the receipt order of the command that set it: later-received changes win. */
    orders: { type: Schema.Types.Mixed },
    summaryTs: { type: String },
    announcementTs: { type: String },
    lastReminderAt: { type: Date },
    lastUpdateAt: { type: Date },
    updateNudgedAt: { type: Date },
    latestPostmortemVersion: { type: Number },
    /** When `/incident postmortem` last drafted, and which request did: drafts on demand are throttled. */
    lastDraftAt: { type: Date },
    lastDraftKey: { type: String },
    /** A private incident's channel is private: it is shown only to its members. */
    private: { type: Boolean },
    /** A channel adopted by `--here`: where the incident's part of its history begins. */
    historyFrom: { type: Date },
  },
  { timestamps: true },
);
incidentSchema.index({ status: 1, number: -1 });
incidentSchema.index({ declaredAt: -1 });

export const incidentModel = (conn: Connection) => conn.model('Incident', incidentSchema, 'incidents');
