import { Types } from 'mongoose';
import type { ReactionFact } from '../domain/channelEvents';
import { slackTsToDate } from '../domain/slackTime';
import type { ActionItem, RecordedEntry, ReactionState, TimelineKind } from '../domain/incident';
import { insertOnce, upsertsSkippingStale, type Models } from './connection';

interface EntryDocument {
  _id: string;
  incidentId: Types.ObjectId;
  key: string;
  kind?: TimelineKind | null;
  source: RecordedEntry['source'];
  at: Date;
  authorId: string;
  text?: string | null;
  messageTs?: string | null;
  reactions?: Record<string, ReactionState> | null;
}

const entryId = (incidentId: string, key: string) => `${incidentId}:${key}`;
const oid = (id: string) => new Types.ObjectId(id);
/** Map keys may not contain dots or start with `$`; user ids and emoji names never do, but a key is a key. */
const field = (reaction: string) => `reactions.${reaction.replace(/[.$]/g, '_')}`;

const toRecorded = (d: EntryDocument): RecordedEntry => ({
  incidentId: d.incidentId.toHexString(),
  key: d.key,
  source: d.source,
  at: d.at,
  authorId: d.authorId,
  ...(d.kind ? { kind: d.kind } : {}),
  ...(typeof d.text === 'string' ? { text: d.text } : {}),
  ...(d.messageTs ? { messageTs: d.messageTs } : {}),
  ...(d.reactions ? { reactions: d.reactions } : {}),
});

export function createTimeline(models: Pick<Models, 'timeline' | 'actions'>) {
  const { timeline, actions } = models;
  return {
    /** An entry the bot or a command made; false when its key was recorded already. */
    add: (e: RecordedEntry) =>
      insertOnce(() => timeline.collection.insertOne({ ...e, _id: entryId(e.incidentId, e.key) as never, incidentId: oid(e.incidentId), createdAt: new Date() })),
    has: async (incidentId: string, key: string) => (await timeline.exists({ _id: entryId(incidentId, key) })) !== null,
    async remove(incidentId: string, key: string): Promise<void> {
      await timeline.deleteOne({ _id: entryId(incidentId, key) });
    },
    /**
     * Each change as one conditional upsert, all in one round trip: it creates the
     * entry if missing and sets the reaction if the change is newer than the state
     * stored for it. A stale change (a redelivery, or an older change applied late)
     * fails with 11000 and is skipped; the rest of the batch still runs.
     */
    async applyReactions(changes: ReactionFact[]): Promise<void> {
      const now = new Date();
      await upsertsSkippingStale(
        (ops) => timeline.collection.bulkWrite(ops, { ordered: true }),
        changes.map((c) => {
          const key = `msg:${c.messageTs}`;
          const f = field(c.reaction);
          const onInsert = { incidentId: oid(c.incidentId), key, source: 'reaction', at: slackTsToDate(c.messageTs), authorId: c.authorId, messageTs: c.messageTs, createdAt: now };
          return {
            updateOne: {
              filter: { _id: entryId(c.incidentId, key) as never, $or: [{ [`${f}.ts`]: { $lt: c.ts } }, { [f]: { $exists: false } }] },
              update: { $set: { [f]: { on: c.on, ts: c.ts }, updatedAt: now }, $setOnInsert: onInsert },
              upsert: true,
            },
          };
        }),
      );
    },
    /** Everything stored for the incident, in time order (same instant: order of recording). */
    list: async (incidentId: string) =>
      (await timeline.find({ incidentId: oid(incidentId) }).sort({ at: 1, createdAt: 1, _id: 1 }).lean<EntryDocument[]>()).map(toRecorded),
    addAction: (item: ActionItem) =>
      insertOnce(() => actions.create({ ...item, _id: entryId(item.incidentId, item.key), incidentId: oid(item.incidentId) })),
    listActions: async (incidentId: string): Promise<ActionItem[]> =>
      (await actions.find({ incidentId: oid(incidentId) }).sort({ createdAt: 1, key: 1 }).lean()).map((d) => ({
        incidentId: d.incidentId.toHexString(),
        key: d.key,
        text: d.text,
        createdBy: d.createdBy,
        createdAt: d.createdAt,
        ...(d.ownerId ? { ownerId: d.ownerId } : {}),
      })),
  };
}
export type Timeline = ReturnType<typeof createTimeline>;
