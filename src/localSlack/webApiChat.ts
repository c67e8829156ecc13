// chat.*, pins.*, reactions.*, users.*, auth.test handlers.
import { JsonRecord, Located, StoredMessage, isValidTs, wireMessage, wireUser } from './standInModel';
import { StandInState } from './standInState';
import {
  ApiResult,
  Handler,
  channelForBot,
  fail,
  isFailure,
  limitArg,
  ok,
  paginate,
  str,
} from './webApiCommon';
import { contentProblem } from './webApiContent';

export const PERMALINK_BASE = 'https://standin.slack.com';
const MAX_PINS = 100;

/** Resolves thread_ts to the thread's parent; a reply's ts threads under its parent, as in Slack. */
export function threadParent(state: StandInState, channelId: string, threadTs: string | undefined): Located | ApiResult | undefined {
  if (threadTs === undefined) return undefined;
  if (!isValidTs(threadTs)) return fail('invalid_thread_ts');
  const found = state.locate(channelId, threadTs);
  if (!found) return fail('thread_not_found');
  return { message: found.parent ?? found.message };
}

function isLocated(v: Located | ApiResult | undefined): v is Located {
  return v !== undefined && 'message' in v;
}

// A deleted thread parent stays in history as a tombstone, but it is gone: Slack answers
// message_not_found to anything that would change it.
function live(found: Located | undefined): Located | undefined {
  return found?.message.subtype === 'tombstone' ? undefined : found;
}

const postMessage: Handler = ({ state, args, hooks }) => {
  // A user id as the channel posts to the bot's direct message with that person (Slack opens it).
  const to = str(args, 'channel');
  const channel = to !== undefined && state.user(to) ? state.imWith(to) : channelForBot(state, to, { member: true, writable: true });
  if (isFailure(channel)) return channel;
  const problem = contentProblem(args, true);
  if (problem) return problem;
  const thread = threadParent(state, channel.id, str(args, 'thread_ts'));
  if (thread !== undefined && !isLocated(thread)) return thread;
  const msg: StoredMessage = {
    ts: state.nextTs(),
    user: state.botUserId,
    botId: state.botId,
    text: str(args, 'text') ?? '',
    replies: [],
    reactions: [],
    extra: { app_id: 'A0001' },
  };
  if (args.blocks !== undefined) msg.blocks = args.blocks;
  if (args.attachments !== undefined) msg.attachments = args.attachments;
  if (args.metadata !== undefined) msg.metadata = args.metadata;
  if (thread) state.addReply(thread.message, msg);
  else state.insert(channel.id, msg);
  hooks.posted(channel, msg);
  return ok({ channel: channel.id, ts: msg.ts, message: wireMessage(msg) });
};

const update: Handler = ({ state, args, hooks }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: true });
  if (isFailure(channel)) return channel;
  const found = live(state.locate(channel.id, str(args, 'ts') ?? ''));
  if (!found) return fail('message_not_found');
  if (found.message.user !== state.botUserId) return fail('cant_update_message');
  const problem = contentProblem(args, true);
  if (problem) return problem;
  const msg = found.message;
  const previous: StoredMessage = { ...msg };
  const text = str(args, 'text');
  if (text !== undefined) msg.text = text;
  if (args.blocks !== undefined) msg.blocks = args.blocks;
  msg.edited = { user: state.botUserId, ts: state.nextTs() };
  hooks.changed(channel, msg, previous);
  return ok({ channel: channel.id, ts: msg.ts, text: msg.text, message: wireMessage(msg) });
};

const del: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: true });
  if (isFailure(channel)) return channel;
  const ts = str(args, 'ts') ?? '';
  const found = live(state.locate(channel.id, ts));
  if (!found) return fail('message_not_found');
  if (found.message.user !== state.botUserId) return fail('cant_delete_message');
  state.remove(channel.id, ts);
  return ok({ channel: channel.id, ts });
};

const getPermalink: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: false });
  if (isFailure(channel)) return channel;
  const found = state.locate(channel.id, str(args, 'message_ts') ?? '');
  if (!found) return fail('message_not_found');
  let permalink = `${PERMALINK_BASE}/archives/${channel.id}/p${found.message.ts.replace('.', '')}`;
  if (found.parent) permalink += `?thread_ts=${found.parent.ts}&cid=${channel.id}`;
  return ok({ channel: channel.id, permalink });
};

const postEphemeral: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: true });
  if (isFailure(channel)) return channel;
  const userId = str(args, 'user') ?? '';
  if (!state.user(userId)) return fail('user_not_found');
  if (!state.isMember(channel, userId)) return fail('user_not_in_channel');
  const problem = contentProblem(args, true);
  if (problem) return problem;
  const messageTs = state.nextTs();
  const threadTs = str(args, 'thread_ts');
  state.ephemerals.push({
    channel: channel.id,
    user: userId,
    ...(str(args, 'text') !== undefined ? { text: str(args, 'text') } : {}),
    ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
    ...(threadTs !== undefined ? { threadTs } : {}),
    messageTs,
  });
  return ok({ message_ts: messageTs });
};

const pinsAdd: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: true });
  if (isFailure(channel)) return channel;
  const ts = str(args, 'timestamp') ?? '';
  if (!live(state.locate(channel.id, ts))) return fail('message_not_found');
  if (channel.pins.includes(ts)) return fail('already_pinned');
  if (channel.pins.length >= MAX_PINS) return fail('too_many_pins');
  channel.pins.push(ts);
  return ok();
};

const pinsRemove: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: true });
  if (isFailure(channel)) return channel;
  const ts = str(args, 'timestamp') ?? '';
  if (!state.locate(channel.id, ts)) return fail('message_not_found');
  if (!channel.pins.includes(ts)) return fail('no_pin');
  channel.pins = channel.pins.filter((p) => p !== ts);
  return ok();
};

const pinsList: Handler = ({ state, args }) => {
  const channel = channelForBot(state, str(args, 'channel'), { member: true, writable: false });
  if (isFailure(channel)) return channel;
  const items = channel.pins.flatMap((ts) => {
    const msg = state.message(channel.id, ts);
    return msg ? [{ type: 'message', channel: channel.id, message: wireMessage(msg, channel.id) }] : [];
  });
  return ok({ items });
};

function reactionTarget(state: StandInState, args: JsonRecord): { msg: StoredMessage; name: string; channelId: string } | ApiResult {
  const channel = channelForBot(state, str(args, 'channel'), { member: false, writable: true });
  if (isFailure(channel)) return channel;
  const name = (str(args, 'name') ?? '').replace(/^:|:$/g, '');
  if (name === '') return fail('invalid_name');
  const msg = live(state.locate(channel.id, str(args, 'timestamp') ?? ''))?.message;
  if (!msg) return fail('message_not_found');
  return { msg, name, channelId: channel.id };
}

const reactionsAdd: Handler = ({ state, args }) => {
  const target = reactionTarget(state, args);
  if ('ok' in target) return target;
  const existing = target.msg.reactions.find((r) => r.name === target.name);
  if (existing?.users.includes(state.botUserId)) return fail('already_reacted');
  if (existing) existing.users.push(state.botUserId);
  else target.msg.reactions.push({ name: target.name, users: [state.botUserId] });
  return ok();
};

const reactionsRemove: Handler = ({ state, args }) => {
  const target = reactionTarget(state, args);
  if ('ok' in target) return target;
  const existing = target.msg.reactions.find((r) => r.name === target.name);
  if (!existing?.users.includes(state.botUserId)) return fail('no_reaction');
  existing.users = existing.users.filter((u) => u !== state.botUserId);
  target.msg.reactions = target.msg.reactions.filter((r) => r.users.length > 0);
  return ok();
};

const usersInfo: Handler = ({ state, args }) => {
  const user = state.user(str(args, 'user') ?? '');
  if (!user) return fail('user_not_found');
  return ok({ user: wireUser(user, state.teamId, state.nowSec()) });
};

const usersList: Handler = ({ state, args }) => {
  const sorted = state.allUsers().sort((a, b) => a.id.localeCompare(b.id));
  const page = paginate(sorted, {
    cursor: str(args, 'cursor'),
    limit: limitArg(args, 100, 1000),
    kind: 'user',
    keyOf: (u) => u.id,
    cmp: (a, b) => a.localeCompare(b),
  });
  if ('ok' in page) return page;
  return ok({
    members: page.items.map((u) => wireUser(u, state.teamId, state.nowSec())),
    response_metadata: { next_cursor: page.nextCursor },
  });
};

const authTest: Handler = ({ state }) =>
  ok({
    url: `${PERMALINK_BASE}/`,
    team: 'Stand-in',
    user: 'incidentbot',
    team_id: state.teamId,
    user_id: state.botUserId,
    bot_id: state.botId,
    is_enterprise_install: false,
  });

export const chatHandlers: Record<string, Handler> = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': del,
  'chat.getPermalink': getPermalink,
  'chat.postEphemeral': postEphemeral,
  'pins.add': pinsAdd,
  'pins.remove': pinsRemove,
  'pins.list': pinsList,
  'reactions.add': reactionsAdd,
  'reactions.remove': reactionsRemove,
  'users.info': usersInfo,
  'users.list': usersList,
};
