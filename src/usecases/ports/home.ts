import type { ResponseFigures } from '../../domain/responseFigures';

/** A draft as App Home lists it. */
export interface RecentDraft {
  incidentId: string;
  incidentNumber: number;
  title: string;
  channelId: string;
  /** Shown only to its channel's members. */
  private?: true;
  version: number;
  generatedAt: Date;
  /** Where the uploaded file opens, once Slack said. */
  permalink?: string;
}

/** What App Home keeps (src/db/home.ts implements it): who has it open, and the response figures last computed. */
export interface HomeStore {
  /** Someone opened their App Home now. */
  opened(userId: string, at: Date): Promise<void>;
  /** People who opened App Home since `since`, most recent first: their homes are kept fresh. */
  viewersSince(since: Date, limit: number): Promise<string[]>;
  figures(): Promise<ResponseFigures | null>;
  saveFigures(figures: ResponseFigures): Promise<void>;
  /** A draft was stored: it heads the short list App Home shows (one per incident, newest first). */
  draftStored(draft: RecentDraft): Promise<void>;
  recentDrafts(): Promise<RecentDraft[]>;
  /** The draft's file is in Slack: its link, if the draft is still on the list. */
  draftUploaded(incidentId: string, version: number, permalink: string): Promise<void>;
}
