import type { ReplyTarget } from '../domain/effects';
import type { ReactionKinds } from '../domain/reactions';
import type { DraftRenderer, DraftStore, Sequences } from './ports/drafts';
import type { IncidentStore } from './ports/incidents';
import type { TimelineStore } from './ports/timeline';
import type { TranscriptStore } from './ports/transcript';
import type { People } from './people';
import type { ChannelHistory } from './ports/channel';
import type { HomeStore } from './ports/home';

export interface Settings {
  channelPrefix: string;
  timelineEmoji: string;
  timezone: string;
  reactionKinds: ReactionKinds;
  announcementsChannel: string | undefined;
  reminderMinutes: number | undefined;
  updateReminderMinutes: number | undefined;
  /** Remind an action's owner once when it is still open this many days after it was added. */
  actionDueDays: number | undefined;
  /** People of other organizations in a shared channel may run an incident (ALLOW_EXTERNAL_USERS). */
  allowExternalUsers: boolean;
}

/**
 * Everything a use case may be given; each one names the few it uses
 * (`Pick<UseCaseDeps, …>`), so its needs show in its signature.
 */
export interface UseCaseDeps {
  incidents: IncidentStore;
  timeline: TimelineStore;
  transcript: TranscriptStore;
  postmortems: DraftStore;
  counters: Sequences;
  people: People;
  history: ChannelHistory;
  workspaceUrl(): Promise<string | undefined>;
  /** Events kept for a closed incident, applied when it is reopened. */
  heldEvents: { release(incidentId: string, now: Date): Promise<number> };
  renderer: DraftRenderer;
  /** App Home's viewers and the stored response figures. */
  home: HomeStore;
  settings: Settings;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Who asked, where, and Slack's id for this one invocation (the key that makes it count once). */
export interface CommandContext {
  channelId: string;
  userId: string;
  /** The inbox id of the request: `cmd:<trigger_id>`. */
  key: string;
  /** Receipt order of the request (database time): later-received changes to one field win. */
  order: number;
  /** Where the answer goes. */
  replyTo: ReplyTarget;
  /** When it was asked for, by the incident clock. */
  now: Date;
}
