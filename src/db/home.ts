import type { ResponseFigures } from '../domain/responseFigures';
import type { HomeStore, RecentDraft } from '../usecases/ports/home';
import type { Models } from './connection';

const FIGURES = 'response_figures';
const DRAFTS = 'recent_drafts';
/** Drafts kept in the list (App Home shows fewer; private ones are left out per reader). */
const KEPT_DRAFTS = 20;
const CAS_TRIES = 10;

interface ReportDocument {
  computedAt: Date;
  body: Omit<ResponseFigures, 'computedAt' | 'perWeek'> & { perWeek: Array<{ end: Date | string; incidents: number }> };
}

/** App Home's viewers and the stored response figures. */
export function createHomeStore(models: Pick<Models, 'homeViewers' | 'reports'>): HomeStore {
  const readDrafts = (d: { body?: { drafts?: RecentDraft[] } } | null): RecentDraft[] =>
    (d?.body?.drafts ?? []).map((r) => ({ ...r, generatedAt: new Date(r.generatedAt) }));
  /**
   * The list is one small document, rewritten only if nobody changed it since it was read (its
   * `computedAt` is the version): FerretDB ignores `$push`'s `$sort` and `$slice`, so changes are made here.
   */
  async function changeDrafts(change: (drafts: RecentDraft[]) => RecentDraft[]): Promise<void> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const d = await models.reports.findById(DRAFTS).lean<{ computedAt: Date; body?: { drafts?: RecentDraft[] } }>();
      const drafts = change(readDrafts(d));
      const at = new Date(Math.max(Date.now(), (d?.computedAt.getTime() ?? 0) + 1));
      try {
        const res = d
          ? await models.reports.updateOne({ _id: DRAFTS, computedAt: d.computedAt }, { $set: { computedAt: at, body: { drafts } } })
          : await models.reports.create({ _id: DRAFTS, computedAt: at, body: { drafts } }).then(() => ({ matchedCount: 1 }));
        if (res.matchedCount === 1) return;
      } catch (err) {
        if (!(err instanceof Error && 'code' in err && err.code === 11000)) throw err; // created meanwhile: read again
      }
    }
    throw new Error('recent drafts: changed by others on every try');
  }
  return {
    async opened(userId: string, at: Date): Promise<void> {
      await models.homeViewers.updateOne({ _id: userId }, { $max: { openedAt: at } }, { upsert: true });
    },
    viewersSince: async (since: Date, limit: number) =>
      (await models.homeViewers.find({ openedAt: { $gt: since } }, { _id: 1 }).sort({ openedAt: -1 }).limit(limit).lean<Array<{ _id: string }>>()).map((d) => d._id),
    async figures(): Promise<ResponseFigures | null> {
      const d = await models.reports.findById(FIGURES).lean<ReportDocument>();
      if (!d) return null;
      return { ...d.body, computedAt: new Date(d.computedAt), perWeek: d.body.perWeek.map((w) => ({ end: new Date(w.end), incidents: w.incidents })) };
    },
    recentDrafts: async () => readDrafts(await models.reports.findById(DRAFTS).lean<{ body?: { drafts?: RecentDraft[] } }>()),
    /** A new draft heads the list; an older version of an incident already listed changes nothing. */
    draftStored: (draft: RecentDraft) =>
      changeDrafts((drafts) => {
        const others = drafts.filter((r) => r.incidentId !== draft.incidentId || r.generatedAt > draft.generatedAt);
        const mine = others.some((r) => r.incidentId === draft.incidentId) ? [] : [draft];
        return [...mine, ...others].sort((x, y) => y.generatedAt.getTime() - x.generatedAt.getTime()).slice(0, KEPT_DRAFTS);
      }),
    draftUploaded: (incidentId: string, version: number, permalink: string) =>
      changeDrafts((drafts) => drafts.map((r) => (r.incidentId === incidentId && r.version === version ? { ...r, permalink } : r))),
    async saveFigures(figures: ResponseFigures): Promise<void> {
      const { computedAt, ...body } = figures;
      // Computed by one replica at a time, but never replaced by an older computation.
      await models.reports.updateOne({ _id: FIGURES, $or: [{ computedAt: { $lt: computedAt } }, { computedAt: { $exists: false } }] }, { $set: { computedAt, body } }, { upsert: true }).catch((err: unknown) => {
        if (!(err instanceof Error && 'code' in err && err.code === 11000)) throw err; // a newer one landed meanwhile
      });
    },
  };
}
