import { Types } from 'mongoose';
import type { PostmortemDraft } from '../domain/incident';
import type { DraftStore, Sequences } from '../usecases/ports/drafts';
import { isDuplicateKeyError, type Models } from './connection';

interface DraftDocument {
  incidentId: Types.ObjectId;
  version: number;
  markdown: string;
  generatedAt: Date;
  generatedBy: string;
  template: string;
}

const toDraft = (d: DraftDocument): PostmortemDraft => ({
  incidentId: d.incidentId.toHexString(),
  version: d.version,
  markdown: d.markdown,
  generatedAt: d.generatedAt,
  generatedBy: d.generatedBy,
  template: d.template,
});

/** The versions kept per incident: older ones are dropped when a new one is stored. */
export const KEPT_VERSIONS = 20;

/** Every generated draft is a version of its own; the job that made it stores it once. */
export function createPostmortems(postmortems: Models['postmortems'], counters: Sequences): DraftStore {
  const byJob = async (jobKey: string) => {
    const d = await postmortems.findOne({ jobKey }).lean<DraftDocument>();
    return d && toDraft(d);
  };
  return {
    byJob,
    async addVersion(draft: Omit<PostmortemDraft, 'version'>, jobKey: string): Promise<PostmortemDraft> {
      const stored = await byJob(jobKey);
      if (stored) return stored;
      const version = await counters.next(`postmortem:${draft.incidentId}`);
      try {
        const doc = await postmortems.create({ ...draft, incidentId: new Types.ObjectId(draft.incidentId), version, jobKey });
        // Bounded: a busy incident drafted again and again keeps its latest versions only.
        await postmortems.deleteMany({ incidentId: new Types.ObjectId(draft.incidentId), version: { $lte: version - KEPT_VERSIONS } });
        return toDraft(doc.toObject());
      } catch (err) {
        const raced = isDuplicateKeyError(err) ? await byJob(jobKey) : null;
        if (!raced) throw err;
        return raced;
      }
    },
    get: async (incidentId: string, version: number) => {
      const d = await postmortems.findOne({ incidentId: new Types.ObjectId(incidentId), version }).lean<DraftDocument>();
      return d && toDraft(d);
    },
    latest: async (incidentId: string) => {
      const d = await postmortems.findOne({ incidentId: new Types.ObjectId(incidentId) }).sort({ version: -1 }).lean<DraftDocument>();
      return d && toDraft(d);
    },
  };
}
