import { Schema, type Connection } from 'mongoose';

/** One per scheduled job: who runs it now, and when it is next due. Shared by every replica. */
const jobLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    nextRunAt: { type: Date, required: true },
    lockedUntil: { type: Date, required: true },
    owner: { type: String },
    lastError: { type: String },
  },
  { versionKey: false },
);

export const jobLockModel = (conn: Connection) => conn.model('JobLock', jobLockSchema, 'job_locks');
