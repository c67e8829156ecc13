import type { ResponseFigures } from '../domain/responseFigures';
import type { HomeStore } from '../usecases/ports/home';
import type { Models } from './connection';

const FIGURES = 'response_figures';

interface ReportDocument {
  computedAt: Date;
  body: Omit<ResponseFigures, 'computedAt' | 'perWeek'> & { perWeek: Array<{ end: Date | string; incidents: number }> };
}

/** App Home's viewers and the stored response figures. */
export function createHomeStore(models: Pick<Models, 'homeViewers' | 'reports'>): HomeStore {
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
    async saveFigures(figures: ResponseFigures): Promise<void> {
      const { computedAt, ...body } = figures;
      // Computed by one replica at a time, but never replaced by an older computation.
      await models.reports.updateOne({ _id: FIGURES, $or: [{ computedAt: { $lt: computedAt } }, { computedAt: { $exists: false } }] }, { $set: { computedAt, body } }, { upsert: true }).catch((err: unknown) => {
        if (!(err instanceof Error && 'code' in err && err.code === 11000)) throw err; // a newer one landed meanwhile
      });
    },
  };
}
