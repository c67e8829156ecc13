import type { Counters } from '../db/counters';
import type { Incidents } from '../db/incidents';
import type { Postmortems } from '../db/postmortems';
import type { Timeline } from '../db/timeline';
import type { Transcript } from '../db/transcript';
import type { ReactionKinds } from '../domain/reactions';
import type { PostmortemRenderer } from '../render/postmortem';
import type { People } from './people';
import type { ChannelHistory } from './reconcileChannel';

export interface Settings {
  channelPrefix: string;
  timelineEmoji: string;
  timezone: string;
  reactionKinds: ReactionKinds;
  announcementsChannel: string | undefined;
  reminderMinutes: number | undefined;
}

/**
 * Everything a use case may be given; each one names the few it uses
 * (`Pick<UseCaseDeps, …>`), so its needs show in its signature.
 */
export interface UseCaseDeps {
  incidents: Incidents;
  timeline: Timeline;
  transcript: Transcript;
  postmortems: Postmortems;
  counters: Counters;
  people: People;
  history: ChannelHistory;
  workspaceUrl(): Promise<string | undefined>;
  /** Events kept for a closed incident, applied when it is reopened. */
  heldEvents: { release(incidentId: string, now: Date): Promise<number> };
  renderer: PostmortemRenderer;
  settings: Settings;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

/** Who asked, where, and Slack's id for this one invocation (the key that makes it count once). */
export interface CommandContext {
  channelId: string;
  userId: string;
  /** The inbox id of the request: `cmd:<trigger_id>`. */
  key: string;
  responseUrl: string;
  now: Date;
}
