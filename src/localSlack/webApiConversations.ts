// conversations.* handlers. Error codes and precedence follow Slack's documented behaviour.
import { Channel, JsonRecord, StoredMessage, compareTs, tsToMicros, wireChannel, wireMessage } from './standInModel';
import { StandInState } from './standInState';
import {
  ApiContext,
  ApiResult,
  Handler,
  channelForBot,
  fail,
  flag,
  isFailure,
  limitArg,
  ok,
  paginate,
  str,
} from './webApiCommon';

const NAME_MAX = 80;
const TOPIC_MAX = 250;

function nameProblem(name: string): string | undefined {
  if (name === '') return 'invalid_name_required';
  if (name.length > NAME_MAX) return 'invalid_name_maxlength';
  if (/[^a-z0-9_-]/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

const create: Handler = ({ state, args }) => {
  const name = str(args, 'name') ?? '';
  const problem = nameProblem(name);
  if (problem) return fail(problem);
  // Archived channels keep their names, so they still collide.
  if (state.channelByName(name)) return fail('name_taken');
  const channel = state.addChannel({ name, isPrivate: flag(args, 'is_private'), botIsMember: false }, state.botUserId);
  state.join(channel, state.botUserId);
  return ok({ channel: wireChannel(channel, state.botUserId) });
};

const invite: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: true });
  if (isFailure(channel)) return channel;
  const users = (str(args, 'users') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (users.length === 0) return fail('no_user');
  const errors: JsonRecord[] = [];
  for (const userId of users) {
    let error: string | undefined;
    if (userId === state.botUserId) error = 'cant_invite_self';
    else if (!state.user(userId)) error = 'user_not_found';
    else if (state.isMember(channel, userId)) error = 'already_in_channel';
    if (error) errors.push({ user: userId, ok: false, error });
  }
  // Without `force`, one bad user fails the whole call and nobody is invited.
  const first = errors[0];
  if (first) return fail(String(first.error), { errors });
  for (const userId of users) state.join(channel, userId, state.botUserId);
  return ok({ channel: wireChannel(channel, state.botUserId) });
};

function setTopicLike(kind: 'topic' | 'purpose'): Handler {
  return ({ state, args }) => {
    const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: true });
    if (isFailure(channel)) return channel;
    const value = str(args, kind) ?? '';
    if (value.length > TOPIC_MAX) return fail('too_long');
    channel[kind] = { value, creator: state.botUserId, lastSet: Math.floor(state.nowSec()) };
    if (state.systemMessages) {
      state.insert(channel.id, {
        ts: state.nextTs(),
        user: state.botUserId,
        text: `set the channel ${kind}: ${value}`,
        subtype: `channel_${kind}`,
        replies: [],
        reactions: [],
        extra: { [kind]: value },
      });
    }
    return ok({ channel: wireChannel(channel, state.botUserId) });
  };
}

const info: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: false });
  if (isFailure(channel)) return channel;
  return ok({ channel: wireChannel(channel, state.botUserId) });
};

const join: Handler = ({ state, args }) => {
  const channel = state.resolveChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isPrivate) {
    return state.isMember(channel, state.botUserId)
      ? fail('method_not_supported_for_channel_type')
      : fail('channel_not_found');
  }
  if (channel.isArchived) return fail('is_archived');
  if (state.isMember(channel, state.botUserId)) {
    return ok({ channel: wireChannel(channel, state.botUserId), warning: 'already_in_channel' });
  }
  state.join(channel, state.botUserId);
  return ok({ channel: wireChannel(channel, state.botUserId) });
};

const archive: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: false });
  if (isFailure(channel)) return channel;
  if (channel.isArchived) return fail('already_archived');
  channel.isArchived = true;
  return ok();
};

/** Slack accepts "1700000000", "1700000000.5" and "1700000000.000500"; compare exactly in micros. */
function parseBound(raw: string | undefined): number | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(raw);
  if (!match) return 'invalid';
  const frac = (match[2] ?? '').slice(0, 6).padEnd(6, '0');
  return Number(match[1]) * 1_000_000 + Number(frac);
}

interface Range {
  inRange(ts: string): boolean;
}

function rangeOf(args: JsonRecord): Range | ApiResult {
  const latest = parseBound(str(args, 'latest'));
  const oldest = parseBound(str(args, 'oldest'));
  if (latest === 'invalid') return fail('invalid_ts_latest');
  if (oldest === 'invalid') return fail('invalid_ts_oldest');
  const inclusive = flag(args, 'inclusive');
  return {
    inRange(ts: string): boolean {
      const m = tsToMicros(ts);
      if (latest !== undefined && (inclusive ? m > latest : m >= latest)) return false;
      if (oldest !== undefined && (inclusive ? m < oldest : m <= oldest)) return false;
      return true;
    },
  };
}

function isRange(value: Range | ApiResult): value is Range {
  return 'inRange' in value;
}

function wireIn(channel: Channel, args?: JsonRecord) {
  const metadata = args !== undefined && flag(args, 'include_all_metadata');
  return (m: StoredMessage): JsonRecord => {
    const wire = wireMessage(m, channel.pins.includes(m.ts) ? channel.id : undefined);
    // Slack returns a message's metadata only to a caller that asks for it.
    return metadata && m.metadata !== undefined ? { ...wire, metadata: m.metadata } : wire;
  };
}

const history: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: false });
  if (isFailure(channel)) return channel;
  const range = rangeOf(args);
  if (!isRange(range)) return range;
  const newestFirst = state
    .messages(channel.id)
    .filter((m) => range.inRange(m.ts))
    .reverse();
  const page = paginate(newestFirst, {
    cursor: str(args, 'cursor'),
    limit: limitArg(args, 100, 999),
    kind: 'next_ts',
    keyOf: (m) => m.ts,
    cmp: (a, b) => compareTs(b, a),
  });
  if ('ok' in page) return page;
  return ok({
    messages: page.items.map(wireIn(channel, args)),
    has_more: page.hasMore,
    pin_count: channel.pins.length,
    response_metadata: { next_cursor: page.nextCursor },
  });
};

const replies: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: false });
  if (isFailure(channel)) return channel;
  const range = rangeOf(args);
  if (!isRange(range)) return range;
  // `ts` may name the parent or any reply; both return the whole thread.
  const found = state.locate(channel.id, str(args, 'ts') ?? '');
  if (!found) return fail('thread_not_found');
  const parent = found.parent ?? found.message;
  // The parent leads the first page only; continuation pages carry replies alone.
  const thread = [parent, ...parent.replies.filter((r) => range.inRange(r.ts))];
  const page = paginate(thread, {
    cursor: str(args, 'cursor'),
    limit: limitArg(args, 1000, 1000),
    kind: 'next_ts',
    keyOf: (m) => m.ts,
    cmp: (a, b) => compareTs(a, b),
  });
  if ('ok' in page) return page;
  return ok({
    messages: page.items.map(wireIn(channel)),
    has_more: page.hasMore,
    response_metadata: { next_cursor: page.nextCursor },
  });
};

const members: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: false });
  if (isFailure(channel)) return channel;
  const page = paginate([...channel.members].sort(), {
    cursor: str(args, 'cursor'),
    limit: limitArg(args, 100, 1000),
    kind: 'user',
    keyOf: (u) => u,
    cmp: (a, b) => a.localeCompare(b),
  });
  if ('ok' in page) return page;
  return ok({ members: page.items, response_metadata: { next_cursor: page.nextCursor } });
};

function listChannels(state: StandInState, args: JsonRecord): ApiResult {
  const excludeArchived = flag(args, 'exclude_archived');
  // Slack lists only public channels unless `types` asks for private ones too.
  const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
  const visible = state
    .allChannels()
    .filter((c) => (c.isPrivate ? types.includes('private_channel') : types.includes('public_channel')))
    .filter((c) => !c.isPrivate || state.isMember(c, state.botUserId))
    .filter((c) => !(excludeArchived && c.isArchived));
  const page = paginate(visible, {
    cursor: str(args, 'cursor'),
    limit: limitArg(args, 100, 1000),
    kind: 'id',
    keyOf: (c) => c.id,
    cmp: (a, b) => a.localeCompare(b),
  });
  if ('ok' in page) return page;
  return ok({
    channels: page.items.map((c) => wireChannel(c, state.botUserId)),
    response_metadata: { next_cursor: page.nextCursor },
  });
}

export const conversationHandlers: Record<string, Handler> = {
  'conversations.create': create,
  'conversations.invite': invite,
  'conversations.setTopic': setTopicLike('topic'),
  'conversations.setPurpose': setTopicLike('purpose'),
  'conversations.info': info,
  'conversations.join': join,
  'conversations.archive': archive,
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.members': members,
  'conversations.list': (ctx: ApiContext) => listChannels(ctx.state, ctx.args),
};
