import type { ReactionFact } from '../../domain/channelEvents';
import type { ActionItem, RecordedEntry } from '../../domain/incident';

/** Timeline entries and follow-up actions, one document each (src/db/timeline.ts implements it). */
export interface TimelineStore {
  /** An entry a command or the bot made, keyed by what made it; false when that key is recorded already. */
  add(entry: RecordedEntry & { order?: number }, recordedAt: Date): Promise<boolean>;
  /** The entry recorded under this key, if any. */
  get(incidentId: string, key: string): Promise<RecordedEntry | null>;
  /** Reaction changes, last writer wins per user and emoji (by Slack's time of the change). */
  applyReactions(changes: ReactionFact[], now: Date): Promise<void>;
  /** Everything stored for the incident, in time order. */
  list(incidentId: string): Promise<RecordedEntry[]>;
  addAction(item: ActionItem): Promise<boolean>;
  listActions(incidentId: string): Promise<ActionItem[]>;
  actionByNumber(incidentId: string, number: number): Promise<ActionItem | null>;
  /** Open → done; false when it was done already (or is not there). */
  markActionDone(incidentId: string, number: number, by: string, at: Date): Promise<boolean>;
  /** Open tasks this person owns, across incidents, oldest first (at most `limit`). */
  openActionsOf(ownerId: string, limit: number): Promise<ActionItem[]>;
  /** Open tasks with an owner, created before `before`, whose owner was not reminded yet (at most `limit`). */
  overdueActions(before: Date, limit: number): Promise<ActionItem[]>;
  /** True for the one caller that may remind the owner of this task. */
  claimActionReminder(incidentId: string, key: string, at: Date): Promise<boolean>;
}
