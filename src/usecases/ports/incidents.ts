import type { Incident, IncidentChanges, NewIncident } from '../../domain/incident';

/** The incidents, as the use cases need them stored (src/db/incidents.ts implements it). */
export interface IncidentStore {
  /** The incident in this channel; a second declaration for the same channel gets the first one. */
  create(input: NewIncident): Promise<Incident>;
  findById(id: string): Promise<Incident | null>;
  findByChannel(channelId: string): Promise<Incident | null>;
  findByChannels(channelIds: string[]): Promise<Incident[]>;
  findByNumber(number: number): Promise<Incident | null>;
  listOpen(): Promise<Incident[]>;
  /** Incidents declared after `since` (the response figures' window). */
  declaredSince(since: Date): Promise<Incident[]>;
  /** A command's changes, each field kept only if no later-received command (by `order`) set it already. */
  apply(id: string, changes: IncidentChanges, order: number, at: Date): Promise<void>;
  /** Marks activity on several incidents; never moves the time back. */
  touch(ids: string[], at: Date): Promise<void>;
  setSummaryTs(id: string, ts: string): Promise<void>;
  setAnnouncementTs(id: string, ts: string): Promise<void>;
  /** A status update was posted at `at`; never moves the time back. */
  markUpdated(id: string, at: Date): Promise<void>;
  /** True for the one caller that may nudge for a status update: none since `dueSince`, nor a nudge. */
  claimUpdateNudge(id: string, dueSince: Date, at: Date): Promise<boolean>;
  /** True for the one caller that may remind a channel quiet since `quietSince`. */
  claimReminder(id: string, quietSince: Date, at: Date): Promise<boolean>;
  /** Open → closed by the request `key`; null when it was closed already. */
  markClosed(id: string, at: Date, by: string, key: string): Promise<Incident | null>;
  /** Closed → open; null when it was not closed. */
  reopen(id: string, at: Date): Promise<Incident | null>;
  /** True for the one request that may draft on demand now (none did since `since`, or this one). */
  claimDraft(id: string, key: string, since: Date, at: Date): Promise<boolean>;
  setLatestPostmortem(id: string, version: number): Promise<void>;
}
