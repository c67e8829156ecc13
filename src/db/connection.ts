import mongoose, { type Connection } from 'mongoose';
import { actionItemModel } from './models/actionItem';
import { counterModel } from './models/counter';
import { homeViewerModel, reportModel } from './models/home';
import { incidentModel } from './models/incident';
import { postmortemModel } from './models/postmortem';
import { inboxItemModel } from './models/inboxItem';
import { jobLockModel } from './models/jobLock';
import { outboxJobModel } from './models/outboxJob';
import { timelineEntryModel } from './models/timelineEntry';
import { transcriptMessageModel } from './models/transcriptMessage';

export interface Models {
  counters: ReturnType<typeof counterModel>;
  incidents: ReturnType<typeof incidentModel>;
  timeline: ReturnType<typeof timelineEntryModel>;
  transcript: ReturnType<typeof transcriptMessageModel>;
  postmortems: ReturnType<typeof postmortemModel>;
  actions: ReturnType<typeof actionItemModel>;
  inbox: ReturnType<typeof inboxItemModel>;
  outbox: ReturnType<typeof outboxJobModel>;
  jobLocks: ReturnType<typeof jobLockModel>;
  homeViewers: ReturnType<typeof homeViewerModel>;
  reports: ReturnType<typeof reportModel>;
}

export interface Database {
  connection: Connection;
  models: Models;
  /** True while the server answers a ping. */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens a connection of its own (not mongoose's global one), so tests and
 * tools can hold several, and builds every unique index before the first
 * write: an index built late cannot stop a duplicate already stored.
 */
export async function connectDatabase(uri: string, opts: { dbName?: string; monitorCommands?: boolean } = {}): Promise<Database> {
  const connection = mongoose.createConnection(uri, {
    ...(opts.dbName ? { dbName: opts.dbName } : {}),
    // Tests watch the commands the repositories send (test/db/hotQueries.test.ts).
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
    serverSelectionTimeoutMS: 5000,
    // Fail at once when the server is gone, so Slack gets a 500 and redelivers, instead of a late answer.
    bufferCommands: false,
    autoIndex: false,
  });
  await connection.asPromise();
  const models: Models = {
    counters: counterModel(connection),
    incidents: incidentModel(connection),
    timeline: timelineEntryModel(connection),
    transcript: transcriptMessageModel(connection),
    postmortems: postmortemModel(connection),
    actions: actionItemModel(connection),
    inbox: inboxItemModel(connection),
    outbox: outboxJobModel(connection),
    jobLocks: jobLockModel(connection),
    homeViewers: homeViewerModel(connection),
    reports: reportModel(connection),
  };
  for (const model of Object.values(models)) await model.createIndexes();
  return {
    connection,
    models,
    isHealthy: async () => {
      try {
        const db = connection.db;
        if (!db || connection.readyState !== 1) return false;
        await db.command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => connection.close(),
  };
}

export const isDuplicateKeyError = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 11000;

/**
 * Runs conditional upserts keyed by _id (`{_id, rev: {$lt: …}}`), in order. A duplicate key has
 * two meanings. Either the stored version is as new or newer, so the filter missed and the upsert
 * tried to insert a second document with that _id: the change is stale. Or, on MongoDB, two
 * upserts of a new _id ran at once and this one lost the race to insert: MongoDB retries such an
 * upsert by itself only when its filter is all equalities, which these are not, so the change may
 * well be newer than what the winner inserted. Each duplicate is therefore tried once more as a
 * plain conditional update: it lands if it is newer, and is skipped if it is stale. Ordered, so
 * MongoDB and the embedded FerretDB (which stops even an unordered bulk at its first error) do the
 * same thing: one round trip for the batch, and two more after each duplicate.
 */
export async function upsertsSkippingStale<Op extends { updateOne: { upsert?: boolean } }>(
  orderedBulkWrite: (ops: Op[]) => Promise<unknown>,
  ops: Op[],
): Promise<void> {
  let from = 0;
  while (from < ops.length) {
    try {
      await orderedBulkWrite(ops.slice(from));
      return;
    } catch (err) {
      const first = writeErrorsOf(err)?.[0];
      if (first?.code !== 11000 || first.index === undefined) throw err;
      const lost = ops[from + first.index];
      // The document exists now, whoever wrote it: no upsert, so no duplicate; a stale change matches nothing.
      if (lost) await orderedBulkWrite([{ ...lost, updateOne: { ...lost.updateOne, upsert: false } }]);
      from += first.index + 1;
    }
  }
}

/**
 * Inserts documents keyed by _id, unordered: the ones not stored yet land, in one statement (and, on the
 * embedded FerretDB, one transaction); the indexes of those already stored are returned.
 */
export async function insertManySkippingDuplicates(insertMany: () => Promise<unknown>): Promise<number[]> {
  try {
    await insertMany();
    return [];
  } catch (err) {
    const errors = writeErrorsOf(err);
    if (!errors || errors.length === 0 || errors.some((e) => e.code !== 11000 || e.index === undefined)) throw err;
    return errors.map((e) => e.index ?? -1);
  }
}

function writeErrorsOf(err: unknown): Array<{ code?: number; index?: number }> | undefined {
  if (typeof err !== 'object' || err === null || !('writeErrors' in err)) return undefined;
  const list = (err as { writeErrors: unknown }).writeErrors;
  const arr = Array.isArray(list) ? list : [list];
  const num = (e: unknown, k: string) => (typeof e === 'object' && e !== null && k in e ? Number((e as Record<string, unknown>)[k]) : undefined);
  return arr.map((e: unknown) => ({ code: num(e, 'code'), index: num(e, 'index') }));
}

/** Inserts under a unique index: true for the first insert, false when the same key is already stored. */
export async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
