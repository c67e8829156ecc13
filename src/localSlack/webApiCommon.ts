// Shared plumbing for the stand-in's Web API handlers: argument coercion, results, access checks,
// cursor pagination. Form-encoded arguments arrive as strings, JSON ones as typed values, so every
// accessor accepts both.
import { Channel, JsonRecord, StoredMessage } from './standInModel';
import { StandInState } from './standInState';

export type ApiResult = JsonRecord & { ok: boolean };

export interface BotMessageHooks {
  /** Called after the bot's message is stored (chat.postMessage, file shares). */
  posted(channel: Channel, msg: StoredMessage): void;
  /** Called after the bot edits its own message (chat.update). */
  changed(channel: Channel, msg: StoredMessage, previous: StoredMessage): void;
}

export interface ApiContext {
  state: StandInState;
  args: JsonRecord;
  /** Base URL of the stand-in, for upload URLs. */
  baseUrl: string;
  hooks: BotMessageHooks;
}

export type Handler = (ctx: ApiContext) => ApiResult;

export function ok(extra: JsonRecord = {}): ApiResult {
  return { ok: true, ...extra };
}

export function fail(error: string, extra: JsonRecord = {}): ApiResult {
  return { ok: false, error, ...extra };
}

export function isFailure(value: Channel | ApiResult): value is ApiResult {
  return 'ok' in value;
}

export function str(args: JsonRecord, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Slack treats "true"/"1" (and JSON true) as set. */
export function flag(args: JsonRecord, key: string): boolean {
  const v = args[key];
  return v === true || v === 1 || v === 'true' || v === '1';
}

export function int(args: JsonRecord, key: string): number | undefined {
  const raw = str(args, key);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/**
 * What the bot may do with a channel. Slack hides private channels the bot is not in behind
 * `channel_not_found`; public ones answer `not_in_channel`.
 */
export function channelForBot(
  state: StandInState,
  idOrName: string | undefined,
  need: { member: boolean; writable: boolean },
): Channel | ApiResult {
  if (idOrName === undefined || idOrName === '') return fail('channel_not_found');
  const channel = state.resolveChannel(idOrName);
  if (!channel) return fail('channel_not_found');
  const member = state.isMember(channel, state.botUserId);
  if (channel.isPrivate && !member) return fail('channel_not_found');
  if (need.writable && channel.isArchived) return fail('is_archived');
  if (need.member && !member) return fail('not_in_channel');
  return channel;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextCursor: string;
}

/**
 * Cursor pagination over an already ordered list. The cursor names the first item of the next
 * page (like Slack's base64 "next_ts:…"), so deletions between pages do not skip items.
 */
export function paginate<T>(
  items: T[],
  opts: {
    cursor: string | undefined;
    limit: number;
    kind: string;
    keyOf: (item: T) => string;
    /** >= 0 when `a` is at or after `b` in iteration order. */
    cmp: (a: string, b: string) => number;
  },
): Page<T> | ApiResult {
  let start = 0;
  if (opts.cursor !== undefined && opts.cursor !== '') {
    const decoded = Buffer.from(opts.cursor, 'base64').toString('utf8');
    const prefix = `${opts.kind}:`;
    if (!decoded.startsWith(prefix)) return fail('invalid_cursor');
    const key = decoded.slice(prefix.length);
    start = items.findIndex((item) => opts.cmp(opts.keyOf(item), key) >= 0);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + opts.limit);
  const next = items[start + opts.limit];
  return {
    items: page,
    hasMore: next !== undefined,
    nextCursor: next === undefined ? '' : Buffer.from(`${opts.kind}:${opts.keyOf(next)}`).toString('base64'),
  };
}

export function limitArg(args: JsonRecord, def: number, max: number): number {
  const n = int(args, 'limit');
  if (n === undefined || n <= 0) return def;
  return Math.min(n, max);
}
