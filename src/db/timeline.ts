import { Types } from 'mongoose';
import type { ReactionFact } from '../domain/channelEvents';
import { slackTsToDate } from '../domain/slackTime';
import type { RecordedEntry, ReactionState, TimelineFact, TimelineKind } from '../domain/incident';
import type { TimelineStore } from '../usecases/ports/timeline';
import { createActions } from './actions';
import { insertManySkippingDuplicates, insertOnce, upsertsSkippingStale, type Models } from './connection';

interface EntryDocument {
  _id: string;
  incidentId: Types.ObjectId;
  key: string;
  kind?: TimelineKind | null;
  source: RecordedEntry['source'];
  at: Date;
  authorId: string;
  fact?: TimelineFact | null;
  text?: string | null;
  messageTs?: string | null;
  reactions?: Record<string, ReactionState> | null;
}

const entryId = (incidentId: string, key: string) => `${incidentId}:${key}`;
const oid = (id: string) => new Types.ObjectId(id);
/** Map keys may not contain dots or start with `$`; user ids and emoji names never do, but a key is a key. */
const mapKey = (reaction: string) => reaction.replace(/[.$]/g, '_');
const field = (reaction: string) => `reactions.${mapKey(reaction)}`;

/** A marked message's entry is keyed by the message. */
const markedKey = (c: ReactionFact) => `msg:${c.messageTs}`;
const markedEntryId = (c: ReactionFact) => entryId(c.incidentId, markedKey(c));

/** The entry a marked message makes, without its reactions. */
const entryOf = (c: ReactionFact, now: Date) => ({
  incidentId: oid(c.incidentId),
  key: markedKey(c),
  source: 'reaction' as const,
  at: slackTsToDate(c.messageTs),
  authorId: c.authorId,
  messageTs: c.messageTs,
  createdAt: now,
});

/** The reactions of one message's changes applied to nothing: the latest change per user and emoji. */
function foldReactions(changes: ReactionFact[]): Record<string, ReactionState> {
  const out: Record<string, ReactionState> = {};
  for (const c of changes) {
    const key = mapKey(c.reaction);
    const seen = out[key];
    if (!seen || seen.ts < c.ts) out[key] = { on: c.on, ts: c.ts };
  }
  return out;
}

const toRecorded = (d: EntryDocument): RecordedEntry => ({
  incidentId: d.incidentId.toHexString(),
  key: d.key,
  source: d.source,
  at: d.at,
  authorId: d.authorId,
  ...(d.kind ? { kind: d.kind } : {}),
  ...(d.fact ? { fact: d.fact } : {}),
  ...(typeof d.text === 'string' ? { text: d.text } : {}),
  ...(d.messageTs ? { messageTs: d.messageTs } : {}),
  ...(d.reactions ? { reactions: d.reactions } : {}),
});

export function createTimeline(models: Pick<Models, 'timeline' | 'actions'>): TimelineStore {
  const { timeline, actions } = models;
  return {
    /**
     * An entry the bot or a command made, keyed by what made it (the command's inbox id…); false when
     * that key was recorded already. `order` (the command's receipt order) breaks ties of one instant.
     */
    add: (e: RecordedEntry & { order?: number }, recordedAt: Date) =>
      insertOnce(() => timeline.collection.insertOne({ ...e, _id: entryId(e.incidentId, e.key) as never, incidentId: oid(e.incidentId), createdAt: recordedAt })),
    /** The entry recorded under this key, if any (a command applied again finds its own). */
    get: async (incidentId: string, key: string) => {
      const d = await timeline.findById(entryId(incidentId, key)).lean<EntryDocument>();
      return d && toRecorded(d);
    },
    /**
     * Reaction changes, last writer wins per user and emoji (by Slack's time of the change). Entries
     * not stored yet are inserted whole, with their reactions folded, in one statement: a burst of
     * first marks on many messages costs one write, not one per message. Changes to entries already
     * stored (or stored meanwhile by another applier) are conditional upserts, one per change, that
     * land only if newer than the state stored; a stale one fails with 11000 and is skipped.
     */
    async applyReactions(changes: ReactionFact[], now: Date): Promise<void> {
      if (changes.length === 0) return;
      const byEntry = new Map<string, ReactionFact[]>();
      for (const c of changes) {
        const id = markedEntryId(c);
        byEntry.set(id, [...(byEntry.get(id) ?? []), c]);
      }
      const stored = new Set((await timeline.find({ _id: { $in: [...byEntry.keys()] } }, { _id: 1 }).lean()).map((d) => String(d._id)));
      const fresh = [...byEntry].filter(([id]) => !stored.has(id));
      const docs = fresh.map(([id, cs]) => ({ _id: id as never, ...entryOf(cs[0] as ReactionFact, now), reactions: foldReactions(cs), updatedAt: now }));
      const raced = docs.length > 0 ? await insertManySkippingDuplicates(() => timeline.collection.insertMany(docs, { ordered: false })) : [];
      for (const i of raced) stored.add(fresh[i]?.[0] ?? '');
      const later = changes.filter((c) => stored.has(markedEntryId(c)));
      await upsertsSkippingStale(
        (ops) => timeline.collection.bulkWrite(ops, { ordered: true }),
        later.map((c) => {
          const f = field(c.reaction);
          return {
            updateOne: {
              filter: { _id: markedEntryId(c) as never, $or: [{ [`${f}.ts`]: { $lt: c.ts } }, { [f]: { $exists: false } }] },
              update: { $set: { [f]: { on: c.on, ts: c.ts }, updatedAt: now }, $setOnInsert: entryOf(c, now) },
              upsert: true,
            },
          };
        }),
      );
    },
    /** Everything stored for the incident, in time order (same instant: order of recording). */
    list: async (incidentId: string) =>
      (await timeline.find({ incidentId: oid(incidentId) }).sort({ at: 1, order: 1, createdAt: 1, _id: 1 }).lean<EntryDocument[]>()).map(toRecorded),
    ...createActions(actions),
  };
}
