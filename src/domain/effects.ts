import type { Severity } from './commandTypes';
import type { Notice } from './notices';

/**
 * Where an answer for one person goes: a command's response_url; a message only they see in a channel
 * (a button, a shortcut); or, with no channel, their DM with the bot (a form).
 */
export type ReplyTarget = { responseUrl: string } | { userId: string; channelId?: string };

export interface Declaration {
  title: string;
  userId: string;
  severity?: Severity;
  impact?: string;
  leadId?: string;
  /** A private channel: not announced, shown only to its members. */
  private?: true;
  /** `--here`: this channel (where the command was run) becomes the incident's; none is created. */
  adoptChannelId?: string;
  replyTo: ReplyTarget;
  /** When it was asked for: the incident's declaration time. */
  at: Date;
}

/** The figures an uploaded draft is announced with. */
export interface DraftFigures {
  minutes: number;
  entries: number;
  actions: number;
  /** The impact as shown (mentions as names). */
  impact?: string;
}

/**
 * What Slack should show because of a recorded fact: delivered by the Slack adapter, one Web API
 * call (or Slack's few steps of one thing, such as an upload) each, with retries.
 */
export type SlackEffect =
  /** The pinned summary and the announcement, edited to the incident as it now is (coalesced). */
  | { type: 'summary'; incidentId: string }
  /** The post in ANNOUNCEMENTS_CHANNEL: made once, then edited like the summary (coalesced). */
  | { type: 'announcement'; incidentId: string }
  | { type: 'post'; channelId: string; notice: Notice }
  | { type: 'reply'; to: ReplyTarget; notice: Notice }
  | { type: 'invite'; channelId: string; userIds: string[] }
  | { type: 'topic'; channelId: string; number: number; title: string }
  /** One person's App Home, published as it now is (coalesced per person). */
  | { type: 'home'; userId: string }
  /** A stored draft version uploaded to its incident's channel; the file's id is recorded before its bytes go. */
  | {
      type: 'upload';
      incidentId: string;
      version: number;
      by: string;
      figures: DraftFigures;
      replyTo?: ReplyTarget;
      recovered?: number;
      file?: { fileId: string; uploadUrl: string };
    };

/** Deferred work: a use case the outbox runs (with retries), whose outcome is more effects. */
export type Job =
  /**
   * Creates the incident's channel, then records the incident in it. Progress is recorded as it is
   * made: the number, the name about to be created (so a lost answer is recognised), the channel.
   */
  | {
      type: 'declare';
      declaration: Declaration;
      number?: number;
      creating?: { name: string; attempt: number; since: Date };
      channel?: { id: string; name: string };
    }
  /** Reconciles the channel, drafts the postmortem and stores it as a version; its upload follows. */
  | { type: 'draft'; incidentId: string; by: string; at: Date; reconcile: boolean; replyTo?: ReplyTarget };

/** Everything the outbox keeps: effects to show and jobs to run, each stored with the facts it follows from. */
export type Effect = SlackEffect | Job;

/** What delivering an effect or running a job led to: more effects, and whether it can never succeed. */
export interface Outcome {
  followUps?: Effect[];
  /** Why it was given up (kept as dead, not retried). */
  dead?: string;
}

/** Effects whose deliveries stand for "bring this message up to date", so a burst makes few calls. */
export const coalescedKey = (effect: Effect): string | undefined =>
  effect.type === 'summary' || effect.type === 'announcement'
    ? `${effect.type}:${effect.incidentId}`
    : effect.type === 'home'
      ? `home:${effect.userId}`
      : undefined;
