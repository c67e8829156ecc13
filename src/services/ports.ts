import type { types } from '@slack/bolt';
import type {
  ActionItem,
  Incident,
  IncidentChanges,
  NewIncident,
  TimelineKind,
  PostmortemDraft,
  TimelineEntry,
  TranscriptMessage,
} from '../domain/incident';

/** What the use cases need from storage and from Slack; adapters implement these. */

export interface IncidentRepository {
  nextNumber(): Promise<number>;
  create(input: NewIncident): Promise<Incident>;
  findByChannel(channelId: string): Promise<Incident | null>;
  findByNumber(number: number): Promise<Incident | null>;
  listOpen(): Promise<Incident[]>;
  /** Applies the changes and returns the incident as it now is (null if it vanished). */
  update(id: string, changes: IncidentChanges): Promise<Incident | null>;
  setSummaryTs(id: string, ts: string): Promise<void>;
  setAnnouncementTs(id: string, ts: string): Promise<void>;
  addParticipant(id: string, userId: string): Promise<void>;
  /** True for the one caller that may remind a channel quiet since `quietSince`. */
  claimReminder(id: string, quietSince: Date, at: Date): Promise<boolean>;
  /** Open → closed, only if it is still open; null when someone else closed it first. */
  markClosed(id: string, at: Date, by: string): Promise<Incident | null>;
  /** Closed → open; also undoes markClosed when a close could not finish. Null when it was not closed. */
  reopen(id: string, at: Date): Promise<Incident | null>;
  setLatestPostmortem(id: string, version: number): Promise<void>;
}

export interface TimelineRepository {
  /** false when an entry with the same key was already recorded (a redelivery). */
  add(entry: TimelineEntry): Promise<boolean>;
  remove(incidentId: string, key: string): Promise<void>;
  list(incidentId: string): Promise<TimelineEntry[]>;
  find(incidentId: string, key: string): Promise<TimelineEntry | null>;
  /** Adds a reaction to an existing entry; its reactions afterwards, or null when there is no such entry. */
  addReaction(incidentId: string, key: string, reaction: string): Promise<string[] | null>;
  removeReaction(incidentId: string, key: string, reaction: string): Promise<string[] | null>;
  setKind(incidentId: string, key: string, kind: TimelineKind): Promise<void>;
  /** Deletes the entry only if no reaction is left on it (a concurrent add keeps it). */
  removeIfUnreacted(incidentId: string, key: string): Promise<boolean>;
  updateMessageText(incidentId: string, messageTs: string, text: string): Promise<number>;
  removeMessage(incidentId: string, messageTs: string): Promise<number>;
  /**
   * Finishes timeline writes cut off (by a crash or an outage) before their read copies
   * were rewritten, if older than `minAgeMs`; how many copies it rewrote.
   */
  repairPages(minAgeMs: number): Promise<number>;
}

export interface ActionRepository {
  add(item: ActionItem): Promise<boolean>;
  remove(incidentId: string, key: string): Promise<void>;
  updateText(incidentId: string, key: string, text: string): Promise<void>;
  list(incidentId: string): Promise<ActionItem[]>;
}

/** Claims on Slack deliveries, shared by every replica. */
export interface DeliveryClaims {
  /** True for the first claim of this id; false when some replica already took it. */
  claim(id: string, at: Date): Promise<boolean>;
  /** Gives the id back when handling failed, so Slack's redelivery is handled. */
  release(id: string): Promise<void>;
  purgeOlderThan(at: Date): Promise<number>;
}

export interface TranscriptRepository {
  save(message: TranscriptMessage): Promise<void>;
  find(channelId: string, ts: string): Promise<TranscriptMessage | null>;
  remove(channelId: string, ts: string): Promise<void>;
}

export interface PostmortemRepository {
  addVersion(draft: Omit<PostmortemDraft, 'version'>): Promise<PostmortemDraft>;
  latest(incidentId: string): Promise<PostmortemDraft | null>;
  get(incidentId: string, version: number): Promise<PostmortemDraft | null>;
}

export interface Repositories {
  incidents: IncidentRepository;
  timeline: TimelineRepository;
  transcript: TranscriptRepository;
  postmortems: PostmortemRepository;
  actions: ActionRepository;
  claims: DeliveryClaims;
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

/** A message as channel history gives it, reactions included. */
export interface ChannelMessage {
  ts: string;
  threadTs?: string;
  userId?: string;
  /** Set for bot posts and system messages (joins, topic changes …). */
  botId?: string;
  subtype?: string;
  text: string;
  replyCount: number;
  reactions: Array<{ name: string; users: string[] }>;
}

export interface MessagePage {
  messages: ChannelMessage[];
  nextCursor?: string;
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
  /** The user's id if Slack knows the user, else undefined. */
  userExists(userId: string): Promise<boolean>;
  /** Looks a plain `@name` up among the workspace's users (handle, display or real name). */
  findUserByName(name: string): Promise<string | undefined>;
  channelMembers(channelId: string): Promise<string[]>;
  /** One page of top-level messages, newest first. */
  history(channelId: string, cursor?: string): Promise<MessagePage>;
  /** One page of a thread, the parent first. */
  replies(channelId: string, threadTs: string, cursor?: string): Promise<MessagePage>;
  /** The workspace's base URL (https://team.slack.com/), for links to channels. */
  workspaceUrl(): Promise<string | undefined>;
  joinChannel(channelId: string): Promise<void>;
  openModal(triggerId: string, view: types.ModalView): Promise<void>;
  uploadFile(
    channelId: string,
    file: { filename: string; title: string; content: string; comment: string },
  ): Promise<void>;
}
