import { Schema, type Connection } from 'mongoose';

// Read copies of the timeline. `timeline_entries` stays the record; these exist because
// FerretDB 1.24 decodes every field of every document it scans (~150 µs per entry), so
// 10,000 entries read as documents take ~1.8 s, and as 313 blobs of 32 ~0.2 s.

/**
 * Which blob holds a page's entries now. `rev` makes every change of page a
 * compare-and-set, so replicas never undo each other's writes. Heads are small
 * on purpose: FerretDB's SQLite backend scans the collection for a filter on
 * more than `_id`, and the compare-and-set is one.
 */
const timelinePageSchema = new Schema(
  {
    /** `<incidentId>:<page>`: FerretDB answers a lookup by _id alone without a scan. */
    _id: { type: String, required: true },
    incidentId: { type: Schema.Types.ObjectId, required: true },
    page: { type: Number, required: true },
    rev: { type: Number, required: true },
    blob: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false },
);
timelinePageSchema.index({ incidentId: 1 });

export const timelinePageModel = (conn: Connection) => conn.model('TimelinePage', timelinePageSchema, 'timeline_pages');

/** Up to PAGE_SIZE entries encoded as one JSON string; never changed, only replaced (a new blob per page change). */
const timelineBlobSchema = new Schema(
  {
    incidentId: { type: Schema.Types.ObjectId, required: true },
    count: { type: Number, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false },
);
timelineBlobSchema.index({ incidentId: 1 });

export const timelineBlobModel = (conn: Connection) => conn.model('TimelineBlob', timelineBlobSchema, 'timeline_blobs');

/**
 * A timeline write in flight: stored before the entries change and removed once
 * its page has been patched. While one exists, readers take those entries from
 * `timeline_entries`; one left behind by a crash is finished by a job.
 */
const timelinePendingSchema = new Schema(
  {
    incidentId: { type: Schema.Types.ObjectId, required: true },
    page: { type: Number, required: true },
    /** The entries the write changes (their _id), new ones included. */
    ids: { type: [String], required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
timelinePendingSchema.index({ incidentId: 1 });
timelinePendingSchema.index({ at: 1 });

export const timelinePendingModel = (conn: Connection) => conn.model('TimelinePending', timelinePendingSchema, 'timeline_pending');
