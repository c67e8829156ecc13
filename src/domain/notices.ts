import type { Phase, Role, Severity } from './commandTypes';

/**
 * What the bot tells people, as facts: `src/slack` turns each into words and
 * mrkdwn. Ids stay ids (names are looked up when the notice is shown).
 */
export type Notice =
  | { kind: 'declared'; number: number; channelId: string }
  /** `--here`: the channel the command was run in is now the incident's, with `recovered` marked messages taken onto its timeline. */
  | { kind: 'adopted'; number: number; channelId: string; recovered: number }
  | { kind: 'declare_failed'; reason: string }
  | { kind: 'announce_failed'; channelId: string; reason: string }
  | { kind: 'note_added'; at: Date }
  /** A message added with the shortcut; `files`: how many files it carries. */
  | { kind: 'message_added'; number: number; channelId: string; at: Date; files: number }
  | { kind: 'message_already_added'; number: number; channelId: string }
  | { kind: 'status_unchanged'; phase: Phase }
  | { kind: 'status_set'; phase: Phase }
  | { kind: 'status_changed'; by: string; from: Phase; to: Phase }
  | { kind: 'severity_unchanged'; severity: Severity }
  | { kind: 'severity_set'; severity: Severity }
  | { kind: 'severity_changed'; by: string; from?: Severity; to: Severity }
  | { kind: 'role_set'; userId: string; role: Role }
  | { kind: 'role_assigned'; by: string; userId: string; role: Role }
  | { kind: 'statement_recorded'; which: 'impact' | 'rootcause' }
  | { kind: 'statement_posted'; by: string; which: 'impact' | 'rootcause'; text: string }
  | { kind: 'action_added'; number?: number }
  /** To an action's owner, when it is given to them. */
  | { kind: 'action_assigned'; incidentNumber: number; channelId: string; number?: number; text: string; by: string }
  | { kind: 'action_list'; incidentNumber: number; channelId: string; actions: ActionLine[]; markedFollowUps: string[] }
  | { kind: 'action_done'; number: number; text: string }
  | { kind: 'action_already_done'; number: number; by: string; at: Date }
  | { kind: 'action_done_posted'; by: string; number: number; text: string }
  /** To an action's owner, once, when it is past due (ACTION_DUE_DAYS). */
  | { kind: 'action_due'; incidentNumber: number; channelId: string; number?: number; text: string; days: number }
  | { kind: 'action_posted'; by: string; text: string; ownerId?: string }
  | { kind: 'window_set'; edge: 'started' | 'ended'; at: Date }
  | { kind: 'reopened'; number: number }
  | { kind: 'reopened_posted'; by: string }
  | { kind: 'open_incidents'; incidents: Array<{ channelId: string; number: number; title: string; severity?: Severity; phase: Phase }> }
  | { kind: 'draft_posted'; version: number; recovered: number }
  /** The template changed on disk and cannot be used: no draft was made. */
  | { kind: 'template_broken'; number: number; template: string; reason: string }
  | { kind: 'reminder'; quietMinutes: number }
  | { kind: 'update_posted'; announced: boolean }
  /** A status update, in the incident's channel. */
  | { kind: 'status_update'; by: string; text: string }
  /** A status update, in the announcements channel. */
  | { kind: 'status_update_announced'; number: number; title: string; channelId: string; by: string; text: string }
  /** No status update for a while (UPDATE_REMINDER_MINUTES): to the lead, or the channel. */
  | { kind: 'update_due'; number: number; channelId: string; sinceMinutes: number; updatedBefore: boolean }
  | { kind: 'error'; message: ErrorMessage };

/** A follow-up as `/incident actions` lists it. */
export interface ActionLine {
  number: number;
  text: string;
  ownerId?: string;
  done?: { by: string; at: Date };
}

/** Why a request was refused, as data; the presenter words it. */
export type ErrorMessage =
  | { kind: 'not_an_incident_channel'; openChannels: string[] }
  | { kind: 'incident_closed'; number: number }
  | { kind: 'already_closed'; number: number }
  | { kind: 'not_closed'; number: number }
  | { kind: 'not_a_member'; channelId: string; number: number }
  /** Someone of another organization in a shared channel, while ALLOW_EXTERNAL_USERS is off. */
  | { kind: 'external_user'; number: number }
  | { kind: 'user_not_found'; name?: string }
  | { kind: 'window_conflict'; edge: 'started' | 'ended'; at: Date; other: Date }
  | { kind: 'not_recorded' }
  /** `/incident postmortem` asked again too soon after the last draft of this incident. */
  | { kind: 'draft_too_soon'; number: number; waitSeconds: number }
  | { kind: 'failed'; what: string }
  /** `/incident start --here` where no incident can be: a DM, the announcements channel, an incident's channel … */
  | { kind: 'cannot_adopt'; reason: CannotAdopt; number?: number }
  /** `/incident action done N` for a number the incident has no action under. */
  | { kind: 'no_such_action'; number: number; incidentNumber: number }
  /** Someone neither in the incident's channel nor the action's owner. */
  | { kind: 'not_action_owner'; number: number; channelId: string }
  /** The message the shortcut was run on cannot be read (deleted, or the bot is not in its channel). */
  | { kind: 'message_not_found' }
  | { kind: 'incident_not_found' };

export type CannotAdopt = 'direct_message' | 'announcements_channel' | 'incident_channel' | 'archived' | 'not_visible' | 'public_channel';
