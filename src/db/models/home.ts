import { Schema, type Connection } from 'mongoose';

/** One per person who opened App Home: when they last did (their home is kept fresh for a while). */
const homeViewerSchema = new Schema({ _id: { type: String, required: true }, openedAt: { type: Date, required: true } }, { versionKey: false });
homeViewerSchema.index({ openedAt: -1 });

/** Figures computed now and then from every incident, read by each App Home in one look-up. */
const reportSchema = new Schema(
  { _id: { type: String, required: true }, computedAt: { type: Date, required: true }, body: { type: Schema.Types.Mixed, required: true } },
  { versionKey: false },
);

export const homeViewerModel = (conn: Connection) => conn.model('HomeViewer', homeViewerSchema, 'home_viewers');
export const reportModel = (conn: Connection) => conn.model('Report', reportSchema, 'reports');
