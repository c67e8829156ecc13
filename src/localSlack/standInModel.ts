// Data model of the Slack stand-in plus the conversions to the wire shapes Slack returns.
// Internal records use camelCase; everything a bot can see goes through the `wire*` functions so
// the JSON matches Slack's snake_case payloads.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface User {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  tz: string;
  isBot: boolean;
  /** Another organization's workspace (Slack Connect); unset: the stand-in's own. */
  teamId?: string;
  /** A guest: `multi` (multi-channel, `is_restricted`) or `single` (single-channel, also `is_ultra_restricted`). */
  guest?: 'multi' | 'single';
}

export interface TopicLike {
  value: string;
  creator: string;
  lastSet: number;
}

export interface Channel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  created: number;
  creator: string;
  members: string[];
  topic: TopicLike;
  purpose: TopicLike;
  /** Message ts values, in pin order. */
  pins: string[];
  /** A direct message between the bot and one person (an `im`, id `D…`): not listed as a channel. */
  isIm?: boolean;
}

export interface Reaction {
  name: string;
  users: string[];
}

export interface FileRef {
  id: string;
  name: string;
  title: string;
}

export interface StoredMessage {
  ts: string;
  /** '' for a classic integration's post (subtype bot_message): it has no user, on the wire too. */
  user: string;
  text: string;
  botId?: string;
  subtype?: string;
  blocks?: unknown;
  attachments?: unknown;
  /** Set on replies only: the parent's ts. Parents report thread_ts on the wire once they have replies. */
  threadTs?: string;
  parentUserId?: string;
  replies: StoredMessage[];
  reactions: Reaction[];
  edited?: { user: string; ts: string };
  files?: FileRef[];
  /** Message metadata (`{event_type, event_payload}`): in history only with `include_all_metadata`. */
  metadata?: unknown;
  extra?: JsonRecord;
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  declaredLength: number;
  content: Buffer;
  uploaded: boolean;
  completed: boolean;
  channels: string[];
}

/** A modal the app opened with views.open; kept so a test can submit it. */
export interface OpenedView {
  id: string;
  triggerId: string;
  view: JsonRecord;
  /** Changes with every version of the view (views.update checks it, as Slack does). */
  hash?: string;
  /** Whom it was opened for: the person whose action issued the trigger, when the stand-in issued it. */
  userId?: string;
  /** Submitted (and not answered with errors or an update) or closed. */
  closed?: boolean;
}

/** A trigger_id the stand-in put in an interaction: views.open takes it once, within 3 s. */
export interface IssuedTrigger {
  userId: string;
  /** Stand-in clock, seconds. */
  issuedAt: number;
  used: boolean;
}

export interface Ephemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown;
  threadTs?: string;
  messageTs: string;
}

// Slack ts strings are compared numerically; micro-seconds fit well inside 2^53.
export function tsToMicros(ts: string): number {
  const match = /^(\d+)\.(\d{6})$/.exec(ts);
  if (!match) return Number.NaN;
  return Number(match[1]) * 1_000_000 + Number(match[2]);
}

export function microsToTs(micros: number): string {
  const sec = Math.floor(micros / 1_000_000);
  const frac = micros - sec * 1_000_000;
  return `${String(sec).padStart(10, '0')}.${String(frac).padStart(6, '0')}`;
}

export function isValidTs(ts: string): boolean {
  return !Number.isNaN(tsToMicros(ts));
}

export function compareTs(a: string, b: string): number {
  return tsToMicros(a) - tsToMicros(b);
}

/**
 * Whether a person sees a conversation in their Slack: its members always; everyone but guests a public channel
 * they have not joined; nobody else a private channel or someone else's direct message.
 */
export function canSee(channel: Channel, userId: string, user: User | undefined): boolean {
  if (channel.members.includes(userId)) return true;
  return !channel.isPrivate && !channel.isIm && user?.guest === undefined;
}

export function wireReactions(reactions: Reaction[]): JsonRecord[] {
  return reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
}

export function wireMessage(msg: StoredMessage, pinnedTo?: string): JsonRecord {
  const out: JsonRecord = { type: 'message' };
  if (msg.subtype !== undefined) out.subtype = msg.subtype;
  if (msg.user !== '') out.user = msg.user;
  out.text = msg.text;
  out.ts = msg.ts;
  if (msg.botId !== undefined) out.bot_id = msg.botId;
  if (msg.blocks !== undefined) out.blocks = msg.blocks;
  if (msg.attachments !== undefined) out.attachments = msg.attachments;
  if (msg.threadTs !== undefined) {
    out.thread_ts = msg.threadTs;
    if (msg.parentUserId !== undefined) out.parent_user_id = msg.parentUserId;
  } else if (msg.replies.length > 0) {
    const replyUsers = [...new Set(msg.replies.map((r) => r.user).filter((u) => u !== ''))];
    out.thread_ts = msg.ts;
    out.reply_count = msg.replies.length;
    out.reply_users = replyUsers;
    out.reply_users_count = replyUsers.length;
    out.latest_reply = msg.replies[msg.replies.length - 1]?.ts;
  }
  if (msg.reactions.length > 0) out.reactions = wireReactions(msg.reactions);
  if (msg.edited !== undefined) out.edited = { ...msg.edited };
  if (msg.files !== undefined) out.files = msg.files.map((f) => ({ ...f }));
  if (pinnedTo !== undefined) out.pinned_to = [pinnedTo];
  if (msg.extra !== undefined) Object.assign(out, msg.extra);
  return out;
}

export function wireChannel(ch: Channel, botUserId: string): JsonRecord {
  return {
    id: ch.id,
    name: ch.name,
    name_normalized: ch.name,
    is_channel: ch.isIm !== true,
    is_group: false,
    is_im: ch.isIm === true,
    is_private: ch.isPrivate,
    created: ch.created,
    creator: ch.creator,
    is_archived: ch.isArchived,
    is_general: false,
    is_member: ch.members.includes(botUserId),
    num_members: ch.members.length,
    topic: { value: ch.topic.value, creator: ch.topic.creator, last_set: ch.topic.lastSet },
    purpose: { value: ch.purpose.value, creator: ch.purpose.creator, last_set: ch.purpose.lastSet },
  };
}

// tz_offset and tz_label depend on the date (DST), so they are computed for the stand-in's "now".
function tzOffsetSeconds(tz: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 1000);
}

function tzLabel(tz: string, atMs: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(new Date(atMs));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? tz;
}

export function wireUser(user: User, teamId: string, nowSec: number): JsonRecord {
  const atMs = nowSec * 1000;
  return {
    id: user.id,
    team_id: user.teamId ?? teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz,
    tz_label: tzLabel(user.tz, atMs),
    tz_offset: tzOffsetSeconds(user.tz, atMs),
    is_bot: user.isBot,
    is_app_user: false,
    // Slack marks every guest restricted, and a single-channel guest ultra-restricted as well.
    is_restricted: user.guest !== undefined,
    is_ultra_restricted: user.guest === 'single',
    profile: {
      display_name: user.displayName,
      display_name_normalized: user.displayName,
      real_name: user.realName,
      real_name_normalized: user.realName,
    },
  };
}

// What the workspace state is made from and gives back.

export interface StateOptions {
  botUserId: string;
  botId: string;
  teamId: string;
  /** Slack writes "X has joined the channel" / "set the channel topic" messages into history. */
  systemMessages: boolean;
}

export interface AddUserInput {
  id?: string;
  name: string;
  realName?: string;
  displayName?: string;
  tz?: string;
  isBot?: boolean;
  /** A person from another organization in a shared channel (Slack Connect): their workspace's id. */
  teamId?: string;
  /** A guest account (see User.guest). */
  guest?: 'multi' | 'single';
}

export interface AddChannelInput {
  /** A fixed id, for channels named in configuration (e.g. ANNOUNCEMENTS_CHANNEL). */
  id?: string;
  name: string;
  members?: string[];
  isPrivate?: boolean;
  botIsMember?: boolean;
}

export interface Located {
  message: StoredMessage;
  parent?: StoredMessage;
}
