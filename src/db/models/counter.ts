import { Schema, type Connection } from 'mongoose';

/** Named sequences (incident numbers, postmortem versions), advanced atomically with $inc. */
const counterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export const counterModel = (conn: Connection) => conn.model('Counter', counterSchema, 'counters');
