import { Types, type mongo } from 'mongoose';
import type { Phase, Role, Severity } from '../domain/commandTypes';
import type { Incident, IncidentChanges, NewIncident } from '../domain/incident';
import { stagesReachedBy, type ResponseStage } from '../domain/responseFigures';
import type { IncidentStore } from '../usecases/ports/incidents';
import { isDuplicateKeyError, type Models } from './connection';

interface IncidentDocument {
  _id: Types.ObjectId;
  number: number;
  title: string;
  channelId: string;
  channelName: string;
  status: 'open' | 'closed';
  severity?: Severity | null;
  phase: Phase;
  milestones?: Partial<Record<Phase, Date | null>> | null;
  reached?: Partial<Record<ResponseStage, Date | null>> | null;
  roles?: Partial<Record<Role, string | null>> | null;
  impact?: string | null;
  rootCause?: string | null;
  impactStartedAt?: Date | null;
  impactEndedAt?: Date | null;
  lastActivityAt: Date;
  declaredAt: Date;
  declaredBy: string;
  closedAt?: Date | null;
  closedBy?: string | null;
  closeKey?: string | null;
  summaryTs?: string | null;
  announcementTs?: string | null;
  lastReminderAt?: Date | null;
  lastUpdateAt?: Date | null;
  updateNudgedAt?: Date | null;
  latestPostmortemVersion?: number | null;
  lastDraftAt?: Date | null;
  private?: boolean | null;
  historyFrom?: Date | null;
}

const toIncident = (d: IncidentDocument): Incident => ({
  id: d._id.toHexString(),
  number: d.number,
  title: d.title,
  channelId: d.channelId,
  channelName: d.channelName,
  status: d.status,
  phase: d.phase,
  milestones: defined(d.milestones),
  roles: defined(d.roles),
  ...(d.reached && Object.values(d.reached).some(Boolean) ? { reached: defined(d.reached) } : {}),
  lastActivityAt: d.lastActivityAt,
  declaredAt: d.declaredAt,
  declaredBy: d.declaredBy,
  ...(d.severity ? { severity: d.severity } : {}),
  ...(d.impact ? { impact: d.impact } : {}),
  ...(d.rootCause ? { rootCause: d.rootCause } : {}),
  ...(d.impactStartedAt ? { impactStartedAt: d.impactStartedAt } : {}),
  ...(d.impactEndedAt ? { impactEndedAt: d.impactEndedAt } : {}),
  ...(d.closedAt ? { closedAt: d.closedAt } : {}),
  ...(d.closedBy ? { closedBy: d.closedBy } : {}),
  ...(d.closeKey ? { closeKey: d.closeKey } : {}),
  ...(d.summaryTs ? { summaryTs: d.summaryTs } : {}),
  ...(d.announcementTs ? { announcementTs: d.announcementTs } : {}),
  ...(d.lastReminderAt ? { lastReminderAt: d.lastReminderAt } : {}),
  ...(d.lastUpdateAt ? { lastUpdateAt: d.lastUpdateAt } : {}),
  ...(d.updateNudgedAt ? { updateNudgedAt: d.updateNudgedAt } : {}),
  ...(d.latestPostmortemVersion ? { latestPostmortemVersion: d.latestPostmortemVersion } : {}),
  ...(d.lastDraftAt ? { lastDraftAt: d.lastDraftAt } : {}),
  ...(d.private ? { private: true as const } : {}),
  ...(d.historyFrom ? { historyFrom: d.historyFrom } : {}),
});

const oid = (id: string) => new Types.ObjectId(id);

export function createIncidents(incidents: Models['incidents']): IncidentStore {
  const one = (d: IncidentDocument | null) => d && toIncident(d);
  const cas = async (filter: object, update: object) =>
    one(await incidents.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean<IncidentDocument>());

  return {
    /** The incident in this channel; a second declaration for the same channel gets the first one. */
    async create(input: NewIncident): Promise<Incident> {
      try {
        const doc = await incidents.create({
          ...input,
          status: 'open',
          phase: 'investigating',
          milestones: { investigating: input.declaredAt },
          reached: input.roles?.lead ? { acknowledge: input.declaredAt } : {},
          lastActivityAt: input.declaredAt,
        });
        return toIncident(doc.toObject());
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const existing = await incidents.findOne({ channelId: input.channelId }).lean<IncidentDocument>();
        if (!existing) throw err;
        return toIncident(existing);
      }
    },
    findById: async (id: string) => one(await incidents.findById(oid(id)).lean<IncidentDocument>()),
    findByChannel: async (channelId: string) => one(await incidents.findOne({ channelId }).lean<IncidentDocument>()),
    findByChannels: async (channelIds: string[]) =>
      (await incidents.find({ channelId: { $in: channelIds } }).lean<IncidentDocument[]>()).map(toIncident),
    findByNumber: async (number: number) => one(await incidents.findOne({ number }).lean<IncidentDocument>()),
    declaredSince: async (since: Date) => (await incidents.find({ declaredAt: { $gt: since } }).lean<IncidentDocument[]>()).map(toIncident),
    listOpen: async () => (await incidents.find({ status: 'open' }).sort({ number: 1 }).lean<IncidentDocument[]>()).map(toIncident),
    /**
     * A command's changes, each field kept only if no later-received command set it already: every
     * field group remembers the receipt order of the change it holds, and a change lands only if it
     * is not older (an equal order is the same command applied again, which changes nothing). The
     * milestone of a phase and the last activity only ever move forward. One round trip.
     */
    async apply(id: string, changes: IncidentChanges, order: number, at: Date): Promise<void> {
      const _id = oid(id);
      const ops: mongo.AnyBulkWriteOperation[] = fieldGroups(changes).map(([group, fields]) => {
        const o = `orders.${group}`;
        return { updateOne: { filter: { _id, $or: [{ [o]: { $lte: order } }, { [o]: { $exists: false } }] }, update: { $set: { ...fields, [o]: order } } } };
      });
      const forward: Record<string, Date> = { lastActivityAt: at };
      if (changes.phase) forward[`milestones.${changes.phase}`] = at;
      const first = Object.fromEntries(stagesReachedBy(changes).map((stage) => [`reached.${stage}`, at]));
      ops.push({ updateOne: { filter: { _id }, update: { $max: forward, ...(Object.keys(first).length > 0 ? { $min: first } : {}) } } });
      await incidents.collection.bulkWrite(ops, { ordered: true });
    },
    /** Marks activity on several incidents at once (one statement, looked up by _id); never moves the time back. */
    async touch(ids: string[], at: Date): Promise<void> {
      if (ids.length > 0) await incidents.updateMany({ _id: { $in: ids.map(oid) } }, { $max: { lastActivityAt: at } });
    },
    async setSummaryTs(id: string, ts: string): Promise<void> {
      await incidents.updateOne({ _id: oid(id) }, { $set: { summaryTs: ts } });
    },
    async setAnnouncementTs(id: string, ts: string): Promise<void> {
      await incidents.updateOne({ _id: oid(id) }, { $set: { announcementTs: ts } });
    },
    /** True for the one caller that may remind a channel quiet since `quietSince`. */
    claimReminder: async (id: string, quietSince: Date, at: Date) =>
      (await cas(
        {
          _id: oid(id),
          status: 'open',
          lastActivityAt: { $lte: quietSince },
          $or: [{ lastReminderAt: { $exists: false } }, { lastReminderAt: { $lte: quietSince } }],
        },
        { $set: { lastReminderAt: at } },
      )) !== null,
    /** A status update was posted at `at` (a later one is never undone by an earlier one applied late). */
    async markUpdated(id: string, at: Date): Promise<void> {
      await incidents.updateOne({ _id: oid(id) }, { $max: { lastUpdateAt: at, lastActivityAt: at } });
    },
    /** True for the one caller that may nudge for an update: none since `dueSince`, and none was nudged since. */
    claimUpdateNudge: async (id: string, dueSince: Date, at: Date) =>
      (await cas(
        {
          _id: oid(id),
          status: 'open',
          declaredAt: { $lte: dueSince },
          $and: [
            { $or: [{ lastUpdateAt: { $exists: false } }, { lastUpdateAt: { $lte: dueSince } }] },
            { $or: [{ updateNudgedAt: { $exists: false } }, { updateNudgedAt: { $lte: dueSince } }] },
          ],
        },
        { $set: { updateNudgedAt: at } },
      )) !== null,
    /**
     * Open → closed, only if it is still open; null when it was closed already. `key` names the close
     * (the command's inbox id), so the same close applied again recognises its own (`closeKey`).
     */
    markClosed: (id: string, at: Date, by: string, key: string) =>
      cas({ _id: oid(id), status: 'open' }, { $set: { status: 'closed', closedAt: at, closedBy: by, closeKey: key }, $max: { lastActivityAt: at }, $min: { 'reached.resolve': at } }),
    /** Closed → open; null when it was not closed. */
    reopen: (id: string, at: Date) =>
      cas({ _id: oid(id), status: 'closed' }, { $set: { status: 'open' }, $max: { lastActivityAt: at }, $unset: { closedAt: 1, closedBy: 1, closeKey: 1 } }),
    /**
     * True for the one request (`key`) that may draft now: none did since `since`, or this same
     * request did (it is being applied again). Records when and by which request.
     */
    claimDraft: async (id: string, key: string, since: Date, at: Date) =>
      (await cas(
        { _id: oid(id), $or: [{ lastDraftAt: { $exists: false } }, { lastDraftAt: { $lte: since } }, { lastDraftKey: key }] },
        { $set: { lastDraftAt: at, lastDraftKey: key } },
      )) !== null,
    async setLatestPostmortem(id: string, version: number): Promise<void> {
      await incidents.updateOne({ _id: oid(id) }, { $max: { latestPostmortemVersion: version } });
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
 * The groups of fields a command sets together, each with its own receipt order: a later `impact`
 * never undoes a `severity`, and one role never another. Dotted $set paths, so nested fields stay.
 */
function fieldGroups(changes: IncidentChanges): Array<[string, Record<string, unknown>]> {
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || key === 'milestones' || key === 'lastActivityAt') continue;
    if (key === 'roles') {
      for (const [role, userId] of Object.entries(value as Record<string, string | undefined>)) {
        if (userId !== undefined) out.push([`roles_${role}`, { [`roles.${role}`]: userId }]);
      }
    } else out.push([key, { [key]: value }]);
  }
  return out;
}
