import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import type { TimelineEntry } from '../domain/incident';
import { insertOnce, type Models } from './connection';

/**
 * Keeps the read copies of the timeline (pages of PAGE_SIZE entries, each a
 * head in `timeline_pages` pointing at a blob in `timeline_blobs`) true to
 * `timeline_entries`, which stays the record.
 *
 * Every write to entries goes through `track`, naming the entries it changes:
 * it stores a pending mark, makes the write, patches those entries' copies in
 * their pages from what the entries now hold, and removes the mark. A patch
 * reads the head (and its `rev`) before the entries, stores a new blob, and
 * moves the head to it only if `rev` is unchanged, so a copy is never older
 * than the last finished write to its entry, however replicas interleave.
 * Readers take marked entries from `timeline_entries`, so a write in flight,
 * or one cut off by a crash, is never missed; `repair` finishes marks a crash
 * left behind and removes blobs no head points at.
 *
 * Lookups on the write path are by `_id` where they can be: FerretDB's SQLite
 * backend answers those without scanning a collection.
 */

/**
 * Small enough that 32 messages at Slack's 40,000-character limit fit MongoDB's 16 MB document as JSON
 * even if every character needed a six-byte escape.
 */
export const PAGE_SIZE = 32;
const MAX_ATTEMPTS = 50;

export const pageOf = (seq: number): number => Math.floor((seq - 1) / PAGE_SIZE);
const pageId = (incidentId: Types.ObjectId, page: number) => `${incidentId.toHexString()}:${page}`;
/** An entry's _id: unique per incident and key, and a lookup by key without a scan. */
export const entryId = (incidentId: string, key: string) => `${incidentId}:${key}`;

const keyOf = (id: string) => id.slice(id.indexOf(':') + 1);

/** What a page holds per entry: the entry without its incident, plus its recording order. */
type PageEntry = Omit<TimelineEntry, 'incidentId'> & { seq: number };

export interface EntryDocument {
  _id: string;
  incidentId: Types.ObjectId;
  key: string;
  kind: TimelineEntry['kind'];
  source: TimelineEntry['source'];
  at: Date;
  authorId: string;
  authorName: string;
  text?: string | null;
  messageTs?: string | null;
  threadTs?: string | null;
  permalink?: string | null;
  reactions?: string[] | null;
  seq: number;
  page: number;
}

export function toEntry(d: EntryDocument): TimelineEntry {
  const { seq, ...entry } = toPageEntry(d);
  return { incidentId: d.incidentId.toHexString(), ...entry };
}

function toPageEntry(d: EntryDocument): PageEntry {
  return {
    key: d.key,
    kind: d.kind,
    source: d.source,
    at: d.at,
    authorId: d.authorId,
    authorName: d.authorName,
    text: d.text ?? '',
    ...(d.messageTs ? { messageTs: d.messageTs } : {}),
    ...(d.threadTs ? { threadTs: d.threadTs } : {}),
    ...(d.permalink ? { permalink: d.permalink } : {}),
    ...(d.reactions && d.reactions.length > 0 ? { reactions: [...d.reactions] } : {}),
    seq: d.seq,
  };
}

// JSON, not BSON: V8 parses it several times faster than js-bson decodes, and FerretDB returns a string
// field more cheaply than a binary one. Times travel as epoch milliseconds.
const encode = (entries: PageEntry[]): string => JSON.stringify(entries, (k, v: unknown) => (k === 'at' && typeof v === 'string' ? Date.parse(v) : v));

const decode = (data: string): PageEntry[] => {
  const entries = JSON.parse(data) as Array<Omit<PageEntry, 'at'> & { at: number | Date }>;
  for (const e of entries) e.at = new Date(e.at);
  return entries as PageEntry[];
};

/** A page's entries with the copies of `ids` replaced by what the entries hold now (none, if deleted or elsewhere). */
function patchEntries(entries: PageEntry[], ids: string[], now: Array<EntryDocument | null>, page: number): PageEntry[] {
  const changed = new Set(ids.map(keyOf));
  const kept = entries.filter((e) => !changed.has(e.key));
  for (const d of now) if (d && d.page === page) kept.push(toPageEntry(d));
  return kept;
}

function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

interface EntryChange {
  id: string;
  page: number;
}

export interface TimelinePages {
  /** Runs a write to these entries and brings their copies in the pages up to date. */
  track<T>(incidentId: Types.ObjectId, changes: EntryChange[], write: () => Promise<T>): Promise<T>;
  /** Every entry of the incident, in time order (same instant: order of recording). */
  read(incidentId: Types.ObjectId): Promise<TimelineEntry[]>;
  /** Rewrites every page of the incident from its entries; the number of pages written. */
  rebuild(incidentId: Types.ObjectId): Promise<number>;
  /** Finishes writes marked more than `minAgeMs` ago (cut off by a crash or an outage); how many it finished. */
  repair(minAgeMs: number): Promise<number>;
}

export function createTimelinePages(
  models: Pick<Models, 'timeline' | 'timelinePages' | 'timelineBlobs' | 'timelinePending'>,
  opts: { warn: (...args: unknown[]) => void; now?: () => Date },
): TimelinePages {
  const { timeline, timelinePages: heads, timelineBlobs: blobs, timelinePending: pending } = models;
  const now = opts.now ?? (() => new Date());

  const current = (ids: string[]) => Promise.all(ids.map((id) => timeline.findById(id).lean<EntryDocument>()));

  /**
   * Stores the page's entries as a new blob and moves the page's head to it if the head's
   * rev is still `head.rev` (no head yet: none given); false when another write came first.
   */
  async function store(incidentId: Types.ObjectId, page: number, head: { rev: number; blob: Types.ObjectId } | null, entries: PageEntry[]) {
    const _id = pageId(incidentId, page);
    const blob = new Types.ObjectId();
    await blobs.create({ _id: blob, incidentId, count: entries.length, data: encode(entries) });
    const moved = head
      ? (await heads.updateOne({ _id, rev: head.rev }, { $set: { rev: head.rev + 1, blob } })).matchedCount === 1
      : await insertOnce(() => heads.create({ _id, incidentId, page, rev: 1, blob }));
    // The blob no head points at goes (a crash before this line leaves it to repair()).
    await blobs.deleteOne({ _id: moved ? head?.blob : blob });
    return moved;
  }

  async function headAndEntries(incidentId: Types.ObjectId, page: number) {
    const head = await heads.findById(pageId(incidentId, page), { rev: 1, blob: 1 }).lean();
    const blob = head && (await blobs.findById(head.blob, { data: 1 }).lean());
    if (head && !blob) return null; // replaced between the two reads: read again
    return { head, entries: blob ? decode(blob.data) : [] };
  }

  async function pageEntries(incidentId: Types.ObjectId, page: number): Promise<PageEntry[]> {
    for (let attempt = 1; ; attempt++) {
      const seen = await headAndEntries(incidentId, page);
      if (seen) return seen.entries;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`timeline page ${pageId(incidentId, page)} kept changing under ${attempt} reads`);
    }
  }

  /** Stores `next(entries)` as the page's content if nobody stored in between; retried until it holds. */
  async function update(incidentId: Types.ObjectId, page: number, next: (entries: PageEntry[]) => Promise<PageEntry[]>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // The head is read before the entries: what gets stored is never older than a write finished before this read.
      const seen = await headAndEntries(incidentId, page);
      if (seen && (await store(incidentId, page, seen.head, await next(seen.entries)))) return;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`timeline page ${pageId(incidentId, page)} kept changing under ${attempt} attempts`);
      // Another replica stored first: step aside for a moment, so a burst of writes to one page does not spin.
      await sleep(Math.random() * 5 * Math.min(attempt, 10));
    }
  }

  const patch = (incidentId: Types.ObjectId, page: number, ids: string[]) =>
    update(incidentId, page, async (entries) => patchEntries(entries, ids, await current(ids), page));

  function byPage(changes: EntryChange[]): Map<number, string[]> {
    const grouped = new Map<number, string[]>();
    for (const c of changes) pushTo(grouped, c.page, c.id);
    return grouped;
  }

  return {
    async track(incidentId, changes, write) {
      const grouped = byPage(changes);
      if (grouped.size === 0) return write();
      const marks = await pending.insertMany([...grouped].map(([page, ids]) => ({ incidentId, page, ids, at: now() })));
      try {
        return await write();
      } finally {
        try {
          for (const [page, ids] of grouped) await patch(incidentId, page, ids);
          for (const mark of marks) await pending.deleteOne({ _id: mark._id });
        } catch (err) {
          // The entries hold the write; the marks make readers use them until repair() finishes the pages.
          opts.warn(`timeline pages of incident ${incidentId.toHexString()} not patched; the repair job will finish them:`, err);
        }
      }
    },

    async read(incidentId) {
      // Marks first: a write finished before this line is in its page; one still marked is read from the entries.
      const marks = await pending.find({ incidentId }, { ids: 1 }).lean();
      const pointed = await heads.find({ incidentId }, { page: 1, blob: 1 }).lean();
      const fetched = new Map((await blobs.find({ incidentId }, { data: 1 }).lean()).map((b) => [b._id.toHexString(), b.data]));
      // Blobs no head points at (replaced, or left by a crash) are skipped; a page whose head moved
      // between the two reads (and whose old blob is gone) is read again on its own.
      let entries: PageEntry[] = [];
      for (const head of pointed) {
        const data = fetched.get(head.blob.toHexString());
        for (const e of data ? decode(data) : await pageEntries(incidentId, head.page)) entries.push(e);
      }
      if (marks.length > 0) {
        const ids = [...new Set(marks.flatMap((m) => m.ids))];
        const fresh = (await current(ids)).flatMap((d) => (d ? [toPageEntry(d)] : []));
        const changed = new Set(ids.map(keyOf));
        entries = [...entries.filter((e) => !changed.has(e.key)), ...fresh];
      }
      // A key deleted and recorded again gets a new entry on a later page; reading mid-move must not show it twice.
      const byKey = new Map<string, PageEntry>();
      for (const e of entries) {
        const seen = byKey.get(e.key);
        if (!seen || seen.seq < e.seq) byKey.set(e.key, e);
      }
      const id = incidentId.toHexString();
      return [...byKey.values()]
        .sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq)
        .map(({ seq, ...entry }) => ({ incidentId: id, ...entry }));
    },

    async rebuild(incidentId) {
      // Heads before entries, as in update(); one read of all the entries, then a store per page.
      const known = new Map((await heads.find({ incidentId }, { page: 1, rev: 1, blob: 1 }).lean()).map((h) => [h.page, h]));
      const grouped = new Map<number, PageEntry[]>([...known.keys()].map((page) => [page, []]));
      for (const d of await timeline.find({ incidentId }).lean<EntryDocument[]>()) pushTo(grouped, d.page, toPageEntry(d));
      for (const [page, entries] of grouped) {
        if (await store(incidentId, page, known.get(page) ?? null, entries)) continue;
        // A write landed meanwhile: this page alone, read afresh.
        await update(incidentId, page, async () => (await timeline.find({ incidentId, page }).lean<EntryDocument[]>()).map(toPageEntry));
      }
      return grouped.size;
    },

    async repair(minAgeMs) {
      // Marks carry this clock's time, so their age is measured on it too.
      const before = new Date(now().getTime() - minAgeMs);
      const marks = await pending.find({ at: { $lt: before } }).lean();
      for (const mark of marks) {
        await patch(mark.incidentId, mark.page, mark.ids);
        await pending.deleteOne({ _id: mark._id });
      }
      // A blob no head points at is left only by a write cut off inside store(), and that write's mark
      // is among these: so only these incidents are swept, for blobs older than the marks.
      const oldBlob = { $lt: Types.ObjectId.createFromTime(Math.floor(before.getTime() / 1000)) };
      for (const incidentId of new Map(marks.map((m) => [m.incidentId.toHexString(), m.incidentId])).values()) {
        const live = new Set((await heads.find({ incidentId }, { blob: 1 }).lean()).map((h) => h.blob.toHexString()));
        for (const b of await blobs.find({ incidentId, _id: oldBlob }, { _id: 1 }).lean()) {
          if (!live.has(b._id.toHexString())) await blobs.deleteOne({ _id: b._id });
        }
      }
      return marks.length;
    },
  };
}
