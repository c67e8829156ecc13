import type { TranscriptMessage } from '../../domain/incident';

/** The messages seen in incident channels, each version kept only if newer (src/db/transcript.ts). */
export interface TranscriptStore {
  /** Each version kept only if newer than the stored one; `now` dates the write. */
  save(messages: TranscriptMessage[], now: Date): Promise<void>;
  find(channelId: string, ts: string): Promise<TranscriptMessage | null>;
  listChannel(channelId: string): Promise<TranscriptMessage[]>;
}
