import type { EntrySource, TimelineKind } from './incident';

/** One timeline entry as the draft shows it. */
export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  /** What the entry is, for kinds whose text does not say it itself; null for plain notes and the bot's own records. */
  tag: string | null;
  /** A dead end: a path the team followed and then dropped. */
  ruledOut: boolean;
  text: string;
  authorName: string;
  source: EntrySource;
  permalink: string | null;
  /** A message added with the shortcut: its link (it may be in any channel), the note it was added with, its files. */
  messageLink: string | null;
  note: string | null;
  files: ReadonlyArray<{ name: string; link: string | null }>;
}

export interface TimelineDay {
  /** Midnight of that day in the incident's time zone. */
  date: Date;
  entries: readonly TimelineItem[];
}
