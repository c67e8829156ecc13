// What the playground's page and its server say to each other (JSON over HTTP, changes over server-sent
// events). Types only: the page (web/) and the server (server.ts) both import them.

/** A person of the sample workspace the visitor can act as. */
export interface Person {
  id: string;
  name: string;
  realName: string;
  /** Their Slack time zone: date tokens are shown in it. */
  tz: string;
  /** A guest: `multi` (multi-channel) or `single` (single-channel). */
  guest?: 'multi' | 'single';
  /** A line about who they are in the sample workspace ("on call for payments"). */
  title: string;
}

/** A reaction that puts a message on the timeline, and the category it gives it. */
export interface TimelineReaction {
  name: string;
  category: string;
}

/** A slash command or shortcut of the app, as its manifest declares it. */
export interface AppCommand {
  command: string;
  description: string;
  usageHint: string;
}
export interface AppShortcut {
  callbackId: string;
  name: string;
  type: 'message' | 'global';
}

export interface DrillSummary {
  id: string;
  title: string;
  description: string;
  steps: number;
  /** Minutes the story takes at its own pace (speed 1). */
  minutes: number;
}

/** GET /api/session */
export interface Session {
  workspace: { name: string; teamId: string };
  bot: { userId: string; name: string };
  people: Person[];
  /** Everyone, including the bot and people the visitor cannot act as, by id: for mentions. */
  names: Record<string, string>;
  timelineReactions: TimelineReaction[];
  commands: AppCommand[];
  shortcuts: AppShortcut[];
  drills: DrillSummary[];
  /** Set when POSTMORTEM_TEMPLATE names a template file: the page offers to re-draft after it changes. `changedAt`: unix ms. */
  template: { path: string; changedAt: number } | null;
}

export interface ConversationSummary {
  id: string;
  /** A direct message's name is the other person's. */
  name: string;
  kind: 'channel' | 'private' | 'im';
  isMember: boolean;
  /** Created by the app (an incident channel, when it is one). */
  createdByBot: boolean;
  created: number;
}

/** A message as Slack's conversations.history returns it (snake_case), with its thread's size. */
export interface Message {
  ts: string;
  user?: string;
  bot_id?: string;
  /** A classic integration's name (`bot_message`). */
  username?: string;
  subtype?: string;
  /** Entity-encoded mrkdwn, as Slack sends it (`&amp;`, `&lt;`, `&gt;`), with Slack's markup in `<…>`. */
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: Array<{ id: string; name: string; title: string }>;
  reactions?: Array<{ name: string; users: string[]; count: number }>;
  edited?: { user: string; ts: string };
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
}

/** What only one person sees: an ephemeral answer (a command's, a button's). */
export interface Ephemeral {
  ts: string;
  text?: string;
  blocks?: unknown[];
}

/** GET /api/conversations/:id?as=U */
export interface Conversation extends ConversationSummary {
  topic: string;
  purpose: string;
  members: string[];
  /** The ts of each pinned message. */
  pins: string[];
  messages: Message[];
  ephemerals: Ephemeral[];
}

/** GET /api/conversations/:id/thread/:ts?as=U */
export interface Thread {
  parent: Message;
  replies: Message[];
}

/** GET /api/surfaces?as=U: the modal open for the person (the newest), and their App Home. */
export interface Surfaces {
  modal: { viewId: string; view: Record<string, unknown> } | null;
  home: Record<string, unknown> | null;
}

/** GET /api/files/:id */
export interface FileView {
  id: string;
  name: string;
  title: string;
  size: number;
  /** Where it was shared. */
  channels: string[];
  /** The text of a text file (a postmortem draft: Markdown), else null. */
  text: string | null;
  /** A Markdown file rendered to HTML (raw HTML in the Markdown is escaped, not kept), else null. */
  html: string | null;
  /** Every file of the same name in the same channel, newest first: the draft's versions. */
  versions: Array<{ id: string; title: string; created: number }>;
  /** GET it to download the bytes. */
  downloadUrl: string;
}

/** Where an interactive element is: a message, an ephemeral message, a modal, the person's App Home. */
export type ClickTarget = { channelId: string; ts: string } | { channelId: string; ephemeralTs: string } | { viewId: string } | { home: true };

/** A value put in a modal input: text, an option's value, a user id, a time (unix s); null clears it. */
export type InputValue = string | number | string[] | null;

/** POST /api/act: one thing a person does, as `as`. */
export type Act =
  | { kind: 'post'; channelId: string; text: string; threadTs?: string }
  | { kind: 'command'; channelId: string; text: string }
  | { kind: 'edit'; channelId: string; ts: string; text: string }
  | { kind: 'delete'; channelId: string; ts: string }
  | { kind: 'react' | 'unreact'; channelId: string; ts: string; name: string }
  | { kind: 'join'; channelId: string }
  | { kind: 'click'; target: ClickTarget; actionId: string; value?: string }
  | { kind: 'shortcut'; channelId: string; ts: string; callbackId: string }
  | { kind: 'submit'; viewId: string; values: Record<string, InputValue> }
  | { kind: 'closeView'; viewId: string }
  | { kind: 'dismiss'; channelId: string; ts: string }
  | { kind: 'openHome' };

/** POST /api/drills/:id: play a drill as fast as `speed` (1 = the story's own pace), its first step done by `as`. */
export interface DrillRequest {
  speed: number;
  as: string;
}

/**
 * The answer to an act. `errors`: a modal submission the app refused, per input block (shown under each input,
 * the modal stays open). `error`: the act was not possible (shown to the visitor).
 */
export type ActResult = { ok: true; errors?: Record<string, string> } | { ok: false; error: string };

/** Server-sent events on GET /api/events. */
export type ServerEvent =
  | { type: 'change'; what: string; channelId?: string; userId?: string }
  | { type: 'drill'; drill: DrillProgress }
  /** The template file changed on disk (unix ms). */
  | { type: 'template'; changedAt: number };

export interface DrillProgress {
  id: string;
  title: string;
  state: 'running' | 'finished' | 'stopped' | 'failed';
  step: number;
  of: number;
  /** What the step did, or why the drill failed. */
  line: string;
}
