import { Types } from 'mongoose';
import type { Phase, Role, Severity } from '../domain/commandTypes';
import type { ActionItem, Incident, PostmortemDraft, TranscriptMessage } from '../domain/incident';
import type { Repositories } from '../services/ports';
import { insertOnce, isDuplicateKeyError, type Models } from './connection';
import { createTimelinePages, entryId, pageOf, toEntry } from './timelinePages';

/** MongoDB-backed repositories; every result is a plain object of a domain type. */
export function createRepositories(models: Models, opts: { warn?: (...args: unknown[]) => void } = {}): Repositories {
  const { counters, incidents, timeline, transcript, postmortems, actions, processedEvents } = models;
  const pages = createTimelinePages(models, { warn: opts.warn ?? ((...args) => console.warn(...args)) });

  async function nextSequence(name: string): Promise<number> {
    // Two first-ever upserts can race on the same _id; the loser simply tries again.
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await counters
          .findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
          .lean();
        if (!doc) throw new Error(`counter ${name} was not returned`);
        return doc.seq;
      } catch (err) {
        if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
      }
    }
  }

  const toIncident = (d: {
    _id: Types.ObjectId;
    number: number;
    title: string;
    channelId: string;
    channelName: string;
    status: 'open' | 'closed';
    severity?: Severity | null;
    phase: Phase;
    milestones?: Partial<Record<Phase, Date | null>> | null;
    roles?: Partial<Record<Role, string | null>> | null;
    impact?: string | null;
    rootCause?: string | null;
    impactStartedAt?: Date | null;
    impactEndedAt?: Date | null;
    lastActivityAt: Date;
    participants?: string[] | null;
    declaredAt: Date;
    declaredBy: string;
    closedAt?: Date | null;
    closedBy?: string | null;
    summaryTs?: string | null;
    announcementTs?: string | null;
    lastReminderAt?: Date | null;
    latestPostmortemVersion?: number | null;
  }): Incident => ({
    id: d._id.toHexString(),
    number: d.number,
    title: d.title,
    channelId: d.channelId,
    channelName: d.channelName,
    status: d.status,
    phase: d.phase,
    milestones: defined(d.milestones),
    roles: defined(d.roles),
    lastActivityAt: d.lastActivityAt,
    participants: [...(d.participants ?? [])],
    ...(d.severity ? { severity: d.severity } : {}),
    ...(d.impact ? { impact: d.impact } : {}),
    ...(d.rootCause ? { rootCause: d.rootCause } : {}),
    ...(d.impactStartedAt ? { impactStartedAt: d.impactStartedAt } : {}),
    ...(d.impactEndedAt ? { impactEndedAt: d.impactEndedAt } : {}),
    declaredAt: d.declaredAt,
    declaredBy: d.declaredBy,
    ...(d.closedAt ? { closedAt: d.closedAt } : {}),
    ...(d.closedBy ? { closedBy: d.closedBy } : {}),
    ...(d.summaryTs ? { summaryTs: d.summaryTs } : {}),
    ...(d.announcementTs ? { announcementTs: d.announcementTs } : {}),
    ...(d.lastReminderAt ? { lastReminderAt: d.lastReminderAt } : {}),
    ...(d.latestPostmortemVersion ? { latestPostmortemVersion: d.latestPostmortemVersion } : {}),
  });

  const toAction = (d: {
    incidentId: Types.ObjectId;
    key: string;
    text: string;
    ownerId?: string | null;
    createdBy: string;
    createdAt: Date;
    messageTs?: string | null;
  }): ActionItem => ({
    incidentId: d.incidentId.toHexString(),
    key: d.key,
    text: d.text,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    ...(d.ownerId ? { ownerId: d.ownerId } : {}),
    ...(d.messageTs ? { messageTs: d.messageTs } : {}),
  });

  const toDraft = (d: {
    incidentId: Types.ObjectId;
    version: number;
    markdown: string;
    generatedAt: Date;
    generatedBy: string;
    template: string;
  }): PostmortemDraft => ({
    incidentId: d.incidentId.toHexString(),
    version: d.version,
    markdown: d.markdown,
    generatedAt: d.generatedAt,
    generatedBy: d.generatedBy,
    template: d.template,
  });

  const oid = (id: string) => new Types.ObjectId(id);

  /**
   * The entries a change will touch, and their pages. The change then names them by _id, so
   * an entry deleted and recorded again (on another page) in between is left alone, as if
   * the change had come first.
   */
  async function located(incidentId: string, filter: { key: string } | { messageTs: string; source: 'reaction' }) {
    const id = oid(incidentId);
    const docs =
      'key' in filter
        ? await timeline.find({ _id: entryId(incidentId, filter.key) }, { page: 1 }).lean()
        : await timeline.find({ incidentId: id, ...filter }, { page: 1 }).lean();
    return { incidentId: id, changes: docs.map((d) => ({ id: d._id, page: d.page })) };
  }

  // One _id alone is a lookup FerretDB answers without a scan; `$in` is not.
  const byIds = (changes: Array<{ id: string }>) =>
    changes.length === 1 ? { _id: changes[0]?.id } : { _id: { $in: changes.map((c) => c.id) } };

  async function updateReactions(incidentId: string, key: string, change: object): Promise<string[] | null> {
    const found = await located(incidentId, { key });
    const _id = found.changes[0]?.id;
    if (!_id) return null;
    const d = await pages.track(found.incidentId, found.changes, () =>
      timeline.findOneAndUpdate({ _id }, change, { returnDocument: 'after' }).lean(),
    );
    return d ? [...(d.reactions ?? [])] : null;
  }

  return {
    incidents: {
      nextNumber: () => nextSequence('incident'),
      create: async (input) =>
        toIncident(
          (
            await incidents.create({
              ...input,
              status: 'open',
              phase: 'investigating',
              milestones: { investigating: input.declaredAt },
              lastActivityAt: input.declaredAt,
            })
          ).toObject(),
        ),
      findByNumber: async (number) => {
        const d = await incidents.findOne({ number }).lean();
        return d && toIncident(d);
      },
      listOpen: async () => (await incidents.find({ status: 'open' }).sort({ number: 1 }).lean()).map(toIncident),
      update: async (id, changes) => {
        const d = await incidents.findOneAndUpdate({ _id: oid(id) }, { $set: flatten(changes) }, { returnDocument: 'after' }).lean();
        return d && toIncident(d);
      },
      findByChannel: async (channelId) => {
        const d = await incidents.findOne({ channelId }).lean();
        return d && toIncident(d);
      },
      setSummaryTs: async (id, ts) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { summaryTs: ts } });
      },
      addParticipant: async (id, userId) => {
        // $addToSet appends, so the list stays in order of first message; a known author costs no write.
        await incidents.updateOne({ _id: oid(id), participants: { $ne: userId } }, { $addToSet: { participants: userId } });
      },
      setAnnouncementTs: async (id, ts) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { announcementTs: ts } });
      },
      claimReminder: async (id, quietSince, at) => {
        // Conditional on the incident still being quiet and not reminded since: one replica posts the nudge.
        const d = await incidents
          .findOneAndUpdate(
            {
              _id: oid(id),
              status: 'open',
              lastActivityAt: { $lte: quietSince },
              $or: [{ lastReminderAt: { $exists: false } }, { lastReminderAt: { $lte: quietSince } }],
            },
            { $set: { lastReminderAt: at } },
            { returnDocument: 'after' },
          )
          .lean();
        return d !== null;
      },
      markClosed: async (id, at, by) => {
        const d = await incidents
          .findOneAndUpdate(
            { _id: oid(id), status: 'open' },
            { $set: { status: 'closed', closedAt: at, closedBy: by } },
            { returnDocument: 'after' },
          )
          .lean();
        return d && toIncident(d);
      },
      reopen: async (id, at) => {
        const d = await incidents
          .findOneAndUpdate(
            { _id: oid(id), status: 'closed' },
            { $set: { status: 'open', lastActivityAt: at }, $unset: { closedAt: 1, closedBy: 1 } },
            { returnDocument: 'after' },
          )
          .lean();
        return d && toIncident(d);
      },
      setLatestPostmortem: async (id, version) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { latestPostmortemVersion: version } });
      },
    },
    timeline: {
      add: async (entry) => {
        const incidentId = oid(entry.incidentId);
        const seq = await nextSequence(`timeline:${entry.incidentId}`);
        const change = { id: entryId(entry.incidentId, entry.key), page: pageOf(seq) };
        return pages.track(incidentId, [change], () => insertOnce(() => timeline.create({ ...entry, _id: change.id, incidentId, seq, page: change.page })));
      },
      remove: async (incidentId, key) => {
        const found = await located(incidentId, { key });
        await pages.track(found.incidentId, found.changes, () => timeline.deleteMany(byIds(found.changes)));
      },
      list: (incidentId) => pages.read(oid(incidentId)),
      find: async (incidentId, key) => {
        const d = await timeline.findById(entryId(incidentId, key)).lean();
        return d && toEntry(d);
      },
      addReaction: (incidentId, key, reaction) => updateReactions(incidentId, key, { $addToSet: { reactions: reaction } }),
      removeReaction: (incidentId, key, reaction) => updateReactions(incidentId, key, { $pull: { reactions: reaction } }),
      setKind: async (incidentId, key, kind) => {
        const found = await located(incidentId, { key });
        await pages.track(found.incidentId, found.changes, () => timeline.updateMany(byIds(found.changes), { $set: { kind } }));
      },
      removeIfUnreacted: async (incidentId, key) => {
        const found = await located(incidentId, { key });
        const deleted = await pages.track(found.incidentId, found.changes, () =>
          timeline.deleteMany({ ...byIds(found.changes), reactions: { $size: 0 } }),
        );
        return deleted.deletedCount === 1;
      },
      updateMessageText: async (incidentId, messageTs, text) => {
        const found = await located(incidentId, { messageTs, source: 'reaction' });
        const updated = await pages.track(found.incidentId, found.changes, () => timeline.updateMany(byIds(found.changes), { $set: { text } }));
        return updated.modifiedCount;
      },
      removeMessage: async (incidentId, messageTs) => {
        const found = await located(incidentId, { messageTs, source: 'reaction' });
        return (await pages.track(found.incidentId, found.changes, () => timeline.deleteMany(byIds(found.changes)))).deletedCount;
      },
      repairPages: (minAgeMs) => pages.repair(minAgeMs),
    },
    actions: {
      add: (item) => insertOnce(() => actions.create({ ...item, incidentId: oid(item.incidentId) })),
      remove: async (incidentId, key) => {
        await actions.deleteOne({ incidentId: oid(incidentId), key });
      },
      updateText: async (incidentId, key, text) => {
        await actions.updateOne({ incidentId: oid(incidentId), key }, { $set: { text } });
      },
      list: async (incidentId) => (await actions.find({ incidentId: oid(incidentId) }).sort({ createdAt: 1, key: 1 }).lean()).map(toAction),
    },
    claims: {
      claim: (id, at) => insertOnce(() => processedEvents.create({ _id: id, at })),
      release: async (id) => {
        await processedEvents.deleteOne({ _id: id });
      },
      purgeOlderThan: async (at) => (await processedEvents.deleteMany({ at: { $lt: at } })).deletedCount,
    },
    transcript: {
      save: async (m: TranscriptMessage) => {
        const filter = { channelId: m.channelId, ts: m.ts };
        const update = { $set: { userId: m.userId, text: m.text, ...(m.threadTs ? { threadTs: m.threadTs } : {}) } };
        try {
          await transcript.updateOne(filter, update, { upsert: true });
        } catch (err) {
          // Two deliveries of one message can both try to insert; the loser updates what the winner stored.
          if (!isDuplicateKeyError(err)) throw err;
          await transcript.updateOne(filter, update);
        }
      },
      remove: async (channelId, ts) => {
        await transcript.deleteOne({ channelId, ts });
      },

      find: async (channelId, ts) => {
        const d = await transcript.findOne({ channelId, ts }).lean();
        if (!d) return null;
        return { channelId: d.channelId, ts: d.ts, userId: d.userId, text: d.text ?? '', ...(d.threadTs ? { threadTs: d.threadTs } : {}) };
      },
    },
    postmortems: {
      addVersion: async (draft) => {
        const version = await nextSequence(`postmortem:${draft.incidentId}`);
        const doc = await postmortems.create({ ...draft, incidentId: oid(draft.incidentId), version });
        return toDraft(doc.toObject());
      },
      get: async (incidentId, version) => {
        const d = await postmortems.findOne({ incidentId: oid(incidentId), version }).lean();
        return d && toDraft(d);
      },
      latest: async (incidentId) => {
        const d = await postmortems.findOne({ incidentId: oid(incidentId) }).sort({ version: -1 }).lean();
        return d && toDraft(d);
      },
    },
  };
}

/** Drops nulls mongoose leaves for unset nested fields. */
function defined<T extends object>(value: T | null | undefined): { [K in keyof T]?: NonNullable<T[K]> } {
  const out: { [K in keyof T]?: NonNullable<T[K]> } = {};
  if (!value) return out;
  for (const key of Object.keys(value) as Array<keyof T>) {
    const v = value[key];
    if (v !== null && v !== undefined) out[key] = v as NonNullable<T[keyof T]>;
  }
  return out;
}

/**
 * Nested changes become dotted $set paths (`roles.lead`), so setting one role
 * or milestone never wipes the others, even when two replicas write at once.
 */
function flatten(changes: object, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const path = prefix + key;
    if (value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) Object.assign(out, flatten(value, `${path}.`));
    else out[path] = value;
  }
  return out;
}
