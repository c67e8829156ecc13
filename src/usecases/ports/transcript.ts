import type { TranscriptMessage } from '../../domain/incident';

/** The messages seen in incident channels, each version kept only if newer (src/db/transcript.ts). */
export interface TranscriptStore {
  /** Each version kept only if newer than the stored one; `now` dates the write. */
  save(messages: TranscriptMessage[], now: Date): Promise<void>;
  /**
   * Versions of messages outside incident channels (edits, deletions): kept only for messages the transcript has
   * already (added with the shortcut), each only if newer; the others are nobody's business.
   */
  saveKept(messages: TranscriptMessage[], now: Date): Promise<void>;
  find(channelId: string, ts: string): Promise<TranscriptMessage | null>;
  /** The kept messages among these, by `<channel>:<ts>`. */
  findMany(refs: ReadonlyArray<{ channelId: string; ts: string }>): Promise<TranscriptMessage[]>;
  listChannel(channelId: string): Promise<TranscriptMessage[]>;
}
