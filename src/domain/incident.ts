import type { Phase, Role, Severity } from './commandTypes';


/** The incident and its timeline as the rest of the code sees them: plain data. */

export type IncidentStatus = 'open' | 'closed';

/** How far the response got: acknowledged (a lead or a status change), identified, mitigated, resolved. */
export const RESPONSE_STAGES = ['acknowledge', 'identify', 'mitigate', 'resolve'] as const;
export type ResponseStage = (typeof RESPONSE_STAGES)[number];

export interface Incident {
  id: string;
  number: number;
  title: string;
  channelId: string;
  channelName: string;
  status: IncidentStatus;
  severity?: Severity;
  /** Where the response stands; `resolved` does not close the incident (close does). */
  phase: Phase;
  /** When each phase was last entered. */
  milestones: Partial<Record<Phase, Date>>;
  /** When each response stage was first reached (acknowledged, identified, mitigated, resolved): the response figures. */
  reached?: Partial<Record<ResponseStage, Date>>;
  roles: Partial<Record<Role, string>>;
  /** The latest statements; every one is also a timeline entry. */
  impact?: string;
  rootCause?: string;
  /** `/incident started|ended HH:MM`: the impact window as a person stated it, overriding the derived one. */
  impactStartedAt?: Date;
  impactEndedAt?: Date;
  declaredAt: Date;
  declaredBy: string;
  closedAt?: Date;
  closedBy?: string;
  /** The command that closed it (its inbox id). */
  closeKey?: string;
  summaryTs?: string;
  /** The post in ANNOUNCEMENTS_CHANNEL, edited in place like the summary. */
  announcementTs?: string;
  lastReminderAt?: Date;
  /** The latest status update (`/incident update`), and when the lead was last nudged for one. */
  lastUpdateAt?: Date;
  updateNudgedAt?: Date;
  latestPostmortemVersion?: number;
  /** When `/incident postmortem` last drafted (drafts on demand are throttled). */
  lastDraftAt?: Date;
  /** Last time anything was recorded: drives the summary's "last update". */
  lastActivityAt: Date;
  /** In a private channel: never announced, and shown (list, hints, App Home, metrics labels) only to its members. */
  private?: true;
  /** A channel adopted by `--here`: its messages from before this are not the incident's (reconciliation reads from here). */
  historyFrom?: Date;
}

export type NewIncident = Pick<Incident, 'number' | 'title' | 'channelId' | 'channelName' | 'declaredAt' | 'declaredBy'> &
  Partial<Pick<Incident, 'severity' | 'impact' | 'roles' | 'private' | 'historyFrom'>>;

/** Changes a command can make to an incident's fields. */
export type IncidentChanges = Partial<Pick<Incident, 'severity' | 'phase' | 'roles' | 'impact' | 'rootCause' | 'impactStartedAt' | 'impactEndedAt'>>;

export const TIMELINE_KINDS = [
  'declared',
  'note',
  'detection',
  'investigation',
  'dead_end',
  'escalation',
  'root_cause',
  'mitigation',
  'resolution',
  'follow_up',
  'status',
  'severity',
  'role',
  'impact',
  'action',
  'update',
  'closed',
  'reopened',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * What an entry made by a command or by the bot records, as data. Words come only where it is shown
 * (src/render for the draft, src/slack for Slack), so rewording never changes an old incident's draft.
 */
export type TimelineFact =
  | { kind: 'declared'; title: string }
  | { kind: 'note'; text: string }
  | { kind: 'status'; from: Phase; to: Phase }
  | { kind: 'severity'; from?: Severity; to: Severity }
  | { kind: 'role'; role: Role; userId: string }
  | { kind: 'impact'; text: string }
  | { kind: 'root_cause'; text: string }
  | { kind: 'action'; text: string; ownerId?: string }
  /** A status update for stakeholders (`/incident update`). */
  | { kind: 'update'; text: string }
  /** `/incident started|ended HH:MM`; the entry's time is the time stated. */
  | { kind: 'impact_window'; edge: 'started' | 'ended'; by: string }
  | { kind: 'closed'; resolution?: string }
  | { kind: 'reopened' }
  /**
   * A message added with the "Add to incident timeline" shortcut, from any channel: its words and author come
   * from the transcript (so they follow its edits and deletion); `request` is the inbox id that added it.
   */
  | { kind: 'message'; category: TimelineKind; channelId: string; ts: string; threadTs?: string; permalink?: string; note?: string; addedBy: string; request: string };

/** The timeline kind an entry of this fact has (the draft groups and tags entries by it). */
export const kindOfFact = (fact: TimelineFact): TimelineKind =>
  fact.kind === 'impact_window' ? 'note' : fact.kind === 'message' ? fact.category : fact.kind;

/** reaction: a message someone marked; shortcut: a message someone added with the shortcut; command: typed by a person; system: the bot's own record. */
export type EntrySource = 'reaction' | 'shortcut' | 'command' | 'system';

/** A timeline entry as the draft reads it: kind, text and names settled. */
export interface TimelineEntry {
  incidentId: string;
  /**
   * What makes the entry unique within its incident: `msg:<ts>` for a Slack
   * message, `cmd:<trigger_id>` for a command, `declared` …
   */
  key: string;
  kind: TimelineKind;
  source: EntrySource;
  at: Date;
  authorId: string;
  authorName: string;
  /** As typed (entities decoded), or the fact in words; Slack markup such as mentions kept, rendering resolves it. */
  text: string;
  /** What a command or the bot recorded, as data (absent for marked messages). */
  fact?: TimelineFact;
  messageTs?: string;
  threadTs?: string;
  permalink?: string;
  /** Timeline reactions still on the message, oldest first, as `<user>|<emoji>`; the latest decides the kind. */
  reactions?: string[];
  /** A message added with the shortcut: what the person who added it said about it, and the message's files. */
  note?: string;
  files?: Array<{ name: string; link?: string }>;
}

/** A reaction's last known state on a message: on or off, as of Slack's event_ts. */
export interface ReactionState {
  on: boolean;
  ts: string;
}

/** A stored entry before it is read for a draft: reaction entries derive kind and text then. */
export interface RecordedEntry {
  incidentId: string;
  key: string;
  /** Set for entries the bot or a command made; a marked message's kind comes from its reactions. */
  kind?: TimelineKind;
  source: EntrySource;
  at: Date;
  authorId: string;
  /** What a command or the bot recorded. */
  fact?: TimelineFact;
  /** Entries stored before facts were: their words as then written. */
  text?: string;
  messageTs?: string;
  /** `<user>|<emoji>` → its last state. */
  reactions?: Record<string, ReactionState>;
}

/** A follow-up task: from `/incident action` or a message marked with the follow-up emoji. */
export interface ActionItem {
  incidentId: string;
  key: string;
  text: string;
  ownerId?: string;
  createdBy: string;
  createdAt: Date;
  messageTs?: string;
  /** `/incident action` tasks are numbered within their incident (`/incident action done N`). */
  number?: number;
  /** Who marked it done, and when; absent while it is open. */
  done?: { by: string; at: Date };
  /** When its owner was reminded that it is past due (ACTION_DUE_DAYS). */
  remindedAt?: Date;
}

/** A message seen in an incident channel (a person's, a bot's or an integration's), as posted. */
export interface TranscriptMessage {
  channelId: string;
  ts: string;
  threadTs?: string;
  /** The person, or a newer app's bot user; '' for a classic integration's post (it has no user) and once deleted. */
  userId: string;
  /** Set when a bot or an integration posted it. */
  botId?: string;
  /** The bot's or integration's name for itself, as the message gave it (`username`, `bot_profile` …). */
  authorName?: string;
  /** What it says (its text, else its blocks' or attachments' words), decoded once, Slack's markup kept. */
  text: string;
  files?: Array<{ name: string; link?: string }>;
  /** Orders versions: the message's ts, then each edit's, then the deletion's. */
  rev: string;
  /** Deleted: only its ids and rev are kept, to hide its entry. */
  deleted?: boolean;
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

/** The entry a message added with the shortcut makes: one per message, whoever adds it and however often. */
export const addedMessageKey = (channelId: string, ts: string): string => `added:${channelId}:${ts}`;
