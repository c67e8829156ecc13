import type { Severity } from './commandTypes';
import type { Notice } from './notices';

/** Where an answer for one person goes: a command's response_url, or a DM for a form. */
export type ReplyTarget = { responseUrl: string } | { userId: string };

export interface Declaration {
  title: string;
  userId: string;
  severity?: Severity;
  impact?: string;
  leadId?: string;
  replyTo: ReplyTarget;
  /** When it was asked for: the incident's declaration time. */
  at: Date;
}

/**
 * What Slack should show because of a recorded fact. Each is stored in the
 * outbox with the facts it follows from and delivered (with retries) later.
 */
export type Effect =
  /** The pinned summary and the announcement, edited to the incident as it now is (coalesced). */
  | { type: 'summary'; incidentId: string }
  /** The post in ANNOUNCEMENTS_CHANNEL: made once, then edited like the summary (coalesced). */
  | { type: 'announcement'; incidentId: string }
  | { type: 'post'; channelId: string; notice: Notice }
  | { type: 'reply'; to: ReplyTarget; notice: Notice }
  | { type: 'invite'; channelId: string; userIds: string[] }
  | { type: 'topic'; channelId: string; number: number; title: string }
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
  /** Reconciles the channel, drafts the postmortem, stores it as a version and uploads it (the file's id recorded first). */
  | { type: 'draft'; incidentId: string; by: string; at: Date; reconcile: boolean; replyTo?: ReplyTarget; upload?: { fileId: string; uploadUrl: string } };

/** Effects whose deliveries stand for "bring this message up to date", so a burst makes few calls. */
export const coalescedKey = (effect: Effect): string | undefined =>
  effect.type === 'summary' || effect.type === 'announcement' ? `${effect.type}:${effect.incidentId}` : undefined;
