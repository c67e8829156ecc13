import type { types } from '@slack/bolt';
import type {
  Incident,
  NewIncident,
  PostmortemDraft,
  TimelineEntry,
  TranscriptMessage,
} from '../domain/incident';

/** What the use cases need from storage and from Slack; adapters implement these. */

export interface IncidentRepository {
  nextNumber(): Promise<number>;
  create(input: NewIncident): Promise<Incident>;
  findByChannel(channelId: string): Promise<Incident | null>;
  setSummaryTs(id: string, ts: string): Promise<void>;
  /** Open → closed, only if it is still open; null when someone else closed it first. */
  markClosed(id: string, at: Date, by: string): Promise<Incident | null>;
  /** Undo markClosed when the close could not finish. */
  reopen(id: string): Promise<void>;
  setLatestPostmortem(id: string, version: number): Promise<void>;
}

export interface TimelineRepository {
  /** false when an entry with the same key was already recorded (a redelivery). */
  add(entry: TimelineEntry): Promise<boolean>;
  remove(incidentId: string, key: string): Promise<void>;
  list(incidentId: string): Promise<TimelineEntry[]>;
}

export interface TranscriptRepository {
  save(message: TranscriptMessage): Promise<void>;
  find(channelId: string, ts: string): Promise<TranscriptMessage | null>;
}

export interface PostmortemRepository {
  addVersion(draft: Omit<PostmortemDraft, 'version'>): Promise<PostmortemDraft>;
  latest(incidentId: string): Promise<PostmortemDraft | null>;
}

export interface Repositories {
  incidents: IncidentRepository;
  timeline: TimelineRepository;
  transcript: TranscriptRepository;
  postmortems: PostmortemRepository;
}

export interface SlackMessageContent {
  text: string;
  blocks?: Array<types.KnownBlock | types.Block>;
}

export interface FetchedMessage {
  ts: string;
  threadTs?: string;
  userId: string;
  text: string;
}

export interface SlackPort {
  createChannel(name: string): Promise<{ id: string; name: string }>;
  /** Adds people to a channel; people already in it are not an error. */
  invite(channelId: string, userIds: string[]): Promise<void>;
  setTopic(channelId: string, topic: string): Promise<void>;
  postMessage(channelId: string, content: SlackMessageContent): Promise<string>;
  updateMessage(channelId: string, ts: string, content: SlackMessageContent): Promise<void>;
  pin(channelId: string, ts: string): Promise<void>;
  /** A top-level message by its ts, or undefined when Slack has none. */
  fetchMessage(channelId: string, ts: string): Promise<FetchedMessage | undefined>;
  permalink(channelId: string, ts: string): Promise<string | undefined>;
  userName(userId: string): Promise<string>;
  uploadFile(
    channelId: string,
    file: { filename: string; title: string; content: string; comment: string },
  ): Promise<void>;
}
