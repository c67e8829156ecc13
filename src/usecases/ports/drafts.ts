import type { PostmortemDraft, TimelineFact } from '../../domain/incident';
import type { PostmortemModel } from '../../domain/postmortem';

/** Stored postmortem drafts, a version each (src/db/postmortems.ts implements it). */
export interface DraftStore {
  /** The version the outbox job `jobKey` stored, if it did. */
  byJob(jobKey: string): Promise<PostmortemDraft | null>;
  /** The next version, stored once per job. */
  addVersion(draft: Omit<PostmortemDraft, 'version'>, jobKey: string): Promise<PostmortemDraft>;
  get(incidentId: string, version: number): Promise<PostmortemDraft | null>;
  latest(incidentId: string): Promise<PostmortemDraft | null>;
}

/** Named sequences (incident numbers, draft versions), advanced atomically. */
export interface Sequences {
  next(name: string): Promise<number>;
}

/** The draft's template and its words (src/render implements it). */
export interface DraftRenderer {
  readonly templatePath: string;
  render(model: PostmortemModel): string;
  /** When the template (or a partial) was last changed on disk: a draft after that is never too soon. */
  changedAt(): Date;
  /** The draft's words for a recorded fact. */
  describe(fact: TimelineFact, nameOf: (userId: string) => string): string;
}
