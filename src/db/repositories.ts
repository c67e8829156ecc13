import { Types } from 'mongoose';
import type { Incident, PostmortemDraft, TimelineEntry, TranscriptMessage } from '../domain/incident';
import type { Repositories } from '../services/ports';
import { isDuplicateKeyError, type Models } from './connection';

/** MongoDB-backed repositories; every result is a plain object of a domain type. */
export function createRepositories(models: Models): Repositories {
  const { counters, incidents, timeline, transcript, postmortems } = models;

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
    declaredAt: Date;
    declaredBy: string;
    closedAt?: Date | null;
    closedBy?: string | null;
    summaryTs?: string | null;
    latestPostmortemVersion?: number | null;
  }): Incident => ({
    id: d._id.toHexString(),
    number: d.number,
    title: d.title,
    channelId: d.channelId,
    channelName: d.channelName,
    status: d.status,
    declaredAt: d.declaredAt,
    declaredBy: d.declaredBy,
    ...(d.closedAt ? { closedAt: d.closedAt } : {}),
    ...(d.closedBy ? { closedBy: d.closedBy } : {}),
    ...(d.summaryTs ? { summaryTs: d.summaryTs } : {}),
    ...(d.latestPostmortemVersion ? { latestPostmortemVersion: d.latestPostmortemVersion } : {}),
  });

  const toEntry = (d: {
    incidentId: Types.ObjectId;
    key: string;
    kind: TimelineEntry['kind'];
    at: Date;
    authorId: string;
    authorName: string;
    text?: string | null;
    messageTs?: string | null;
    threadTs?: string | null;
    permalink?: string | null;
  }): TimelineEntry => ({
    incidentId: d.incidentId.toHexString(),
    key: d.key,
    kind: d.kind,
    at: d.at,
    authorId: d.authorId,
    authorName: d.authorName,
    text: d.text ?? '',
    ...(d.messageTs ? { messageTs: d.messageTs } : {}),
    ...(d.threadTs ? { threadTs: d.threadTs } : {}),
    ...(d.permalink ? { permalink: d.permalink } : {}),
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

  return {
    incidents: {
      nextNumber: () => nextSequence('incident'),
      create: async (input) => toIncident((await incidents.create({ ...input, status: 'open' })).toObject()),
      findByChannel: async (channelId) => {
        const d = await incidents.findOne({ channelId }).lean();
        return d && toIncident(d);
      },
      setSummaryTs: async (id, ts) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { summaryTs: ts } });
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
      reopen: async (id) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { status: 'open' }, $unset: { closedAt: 1, closedBy: 1 } });
      },
      setLatestPostmortem: async (id, version) => {
        await incidents.updateOne({ _id: oid(id) }, { $set: { latestPostmortemVersion: version } });
      },
    },
    timeline: {
      add: async (entry) => {
        try {
          await timeline.create({ ...entry, incidentId: oid(entry.incidentId) });
          return true;
        } catch (err) {
          if (isDuplicateKeyError(err)) return false;
          throw err;
        }
      },
      remove: async (incidentId, key) => {
        await timeline.deleteOne({ incidentId: oid(incidentId), key });
      },
      list: async (incidentId) =>
        (await timeline.find({ incidentId: oid(incidentId) }).sort({ at: 1, key: 1 }).lean()).map(toEntry),
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
      latest: async (incidentId) => {
        const d = await postmortems.findOne({ incidentId: oid(incidentId) }).sort({ version: -1 }).lean();
        return d && toDraft(d);
      },
    },
  };
}
