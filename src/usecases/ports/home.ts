import type { ResponseFigures } from '../../domain/responseFigures';

/** What App Home keeps (src/db/home.ts implements it): who has it open, and the response figures last computed. */
export interface HomeStore {
  /** Someone opened their App Home now. */
  opened(userId: string, at: Date): Promise<void>;
  /** People who opened App Home since `since`, most recent first: their homes are kept fresh. */
  viewersSince(since: Date, limit: number): Promise<string[]>;
  figures(): Promise<ResponseFigures | null>;
  saveFigures(figures: ResponseFigures): Promise<void>;
}
