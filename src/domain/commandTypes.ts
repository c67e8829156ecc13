/** What `/incident …` can ask for, once parsed. The grammar lives in commands.ts. */

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Phase = (typeof PHASES)[number];

export const ROLES = ['lead', 'scribe', 'comms'] as const;
export type Role = (typeof ROLES)[number];

/** A person named in a command: `<@U123|name>` / `<@U123>` (resolvable) or a plain `@name` (needs a lookup). */
export type UserMention = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** A wall-clock time the user typed, in INCIDENT_TIMEZONE; resolveClockTime turns it into an instant. */
export interface ClockTime {
  hour: number; // 0–23
  minute: number; // 0–59
}

export type IncidentCommand =
  /**
   * No title → the declaration modal. `private`: a private channel, never announced nor listed to
   * non-members; `here`: the channel the command is run in becomes the incident's (no new channel).
   */
  | { kind: 'start'; title?: string; severity?: Severity; private?: true; here?: true }
  | { kind: 'note'; text: string; time?: ClockTime }
  | { kind: 'status'; status: Phase }
  | { kind: 'severity'; severity: Severity }
  | { kind: 'role'; role: Role; user: UserMention }
  | { kind: 'impact'; text: string }
  | { kind: 'rootcause'; text: string }
  /** A status update for stakeholders: in the channel, announced, shown in the summary. */
  | { kind: 'update'; text: string }
  | { kind: 'action'; text: string; owner?: UserMention }
  /** `/incident actions`: this incident's follow-ups with owners and state. */
  | { kind: 'actions' }
  /** `/incident action done N` (and the Done button). */
  | { kind: 'action_done'; number: number }
  /** The impact window, stated by a person (same time grammar as note). */
  | { kind: 'started'; time: ClockTime }
  | { kind: 'ended'; time: ClockTime }
  /** Draft (or redraft) the postmortem now, without closing. */
  | { kind: 'postmortem' }
  | { kind: 'close'; resolution?: string }
  | { kind: 'reopen' }
  | { kind: 'list' }
  | { kind: 'help' }
  | { kind: 'unknown'; word: string }
  /** Plain text for the caller; the Slack layer escapes it before sending. */
  | { kind: 'invalid'; message: string };
