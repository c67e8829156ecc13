/** The incident and its timeline as the rest of the code sees them: plain data. */

export type IncidentStatus = 'open' | 'closed';

export interface Incident {
  id: string;
  number: number;
  title: string;
  channelId: string;
  channelName: string;
  status: IncidentStatus;
  declaredAt: Date;
  declaredBy: string;
  closedAt?: Date;
  closedBy?: string;
  summaryTs?: string;
  latestPostmortemVersion?: number;
}

export type NewIncident = Omit<Incident, 'id' | 'status' | 'closedAt' | 'closedBy' | 'summaryTs' | 'latestPostmortemVersion'>;

/** `note` is a message someone marked for the timeline; the others the bot records itself. */
export type TimelineKind = 'declared' | 'note' | 'closed';

export interface TimelineEntry {
  incidentId: string;
  /**
   * What makes the entry unique within its incident: `msg:<ts>` for a Slack
   * message, `declared`, `closed:<time>` … A unique index on (incidentId, key)
   * turns every redelivery into a no-op.
   */
  key: string;
  kind: TimelineKind;
  at: Date;
  authorId: string;
  authorName: string;
  text: string;
  messageTs?: string;
  threadTs?: string;
  permalink?: string;
}

/** A human message seen in an incident channel, kept so reactions need no Web API call. */
export interface TranscriptMessage {
  channelId: string;
  ts: string;
  threadTs?: string;
  userId: string;
  text: string;
}

export interface PostmortemDraft {
  incidentId: string;
  version: number;
  markdown: string;
  generatedAt: Date;
  generatedBy: string;
  template: string;
}

export const messageKey = (ts: string): string => `msg:${ts}`;
