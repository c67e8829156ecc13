// What a human does in the Slack client, as state changes plus the event Slack would emit.
// These throw on impossible actions (unknown user, non-member posting) because that is a bug in
// the test, not a Slack error the bot should see.
import { randomUUID } from 'node:crypto';
import { Channel, JsonRecord, StoredMessage, wireMessage } from './standInModel';
import { StandInState } from './standInState';

export interface ActionOutcome {
  event: JsonRecord;
  /** Slack only delivers channel events to apps whose bot is in the channel. */
  botCanSee: boolean;
}

function mustChannel(state: StandInState, channelId: string): Channel {
  const channel = state.channel(channelId);
  if (!channel) throw new Error(`stand-in: no channel ${channelId}`);
  return channel;
}

function mustUser(state: StandInState, userId: string): void {
  if (!state.user(userId)) throw new Error(`stand-in: no user ${userId}; addUser first`);
}

function channelType(channel: Channel): string {
  return channel.isIm ? 'im' : channel.isPrivate ? 'group' : 'channel';
}

/** The `message` event for a stored message (user- or bot-authored). */
export function messageEvent(state: StandInState, channel: Channel, msg: StoredMessage): JsonRecord {
  const wire = wireMessage(msg);
  // A fresh message has no thread summary yet; those fields only show up in history.
  for (const key of ['reply_count', 'reply_users', 'reply_users_count', 'latest_reply']) delete wire[key];
  if (msg.threadTs === undefined) delete wire.thread_ts;
  // A person's message names their workspace: another organization's, in a shared (Slack Connect) channel.
  const userTeam = msg.user !== '' && msg.botId === undefined ? { user_team: state.user(msg.user)?.teamId ?? state.teamId } : {};
  return { ...wire, channel: channel.id, event_ts: msg.ts, channel_type: channelType(channel), team: state.teamId, ...userTeam };
}

export function changedEvent(
  state: StandInState,
  channel: Channel,
  msg: StoredMessage,
  previous: StoredMessage,
): JsonRecord {
  const ts = msg.edited?.ts ?? state.nextTs();
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: channel.id,
    ts,
    event_ts: ts,
    channel_type: channelType(channel),
    message: wireMessage(msg),
    previous_message: wireMessage(previous),
  };
}

export function userPosts(
  state: StandInState,
  userId: string,
  channelId: string,
  text: string,
  opts: { threadTs?: string; ts?: string },
): ActionOutcome {
  const channel = mustChannel(state, channelId);
  mustUser(state, userId);
  if (!state.isMember(channel, userId)) throw new Error(`stand-in: ${userId} is not a member of ${channelId}`);
  let parent: StoredMessage | undefined;
  if (opts.threadTs !== undefined) {
    const found = state.locate(channelId, opts.threadTs);
    if (!found) throw new Error(`stand-in: no message ${opts.threadTs} in ${channelId} to reply to`);
    parent = found.parent ?? found.message;
  }
  const msg: StoredMessage = {
    ts: opts.ts !== undefined ? state.claimTs(opts.ts) : state.nextTs(),
    user: userId,
    text,
    replies: [],
    reactions: [],
    extra: { client_msg_id: randomUUID() },
  };
  if (parent) state.addReply(parent, msg);
  else state.insert(channelId, msg);
  return { event: messageEvent(state, channel, msg), botCanSee: state.isMember(channel, state.botUserId) };
}

export function userEdits(
  state: StandInState,
  userId: string,
  channelId: string,
  ts: string,
  newText: string,
): ActionOutcome {
  const channel = mustChannel(state, channelId);
  const msg = state.message(channelId, ts);
  if (!msg) throw new Error(`stand-in: no message ${ts} in ${channelId}`);
  if (msg.user !== userId) throw new Error(`stand-in: ${userId} cannot edit ${msg.user}'s message`);
  const previous: StoredMessage = { ...msg };
  msg.text = newText;
  msg.edited = { user: userId, ts: state.nextTs() };
  return {
    event: changedEvent(state, channel, msg, previous),
    botCanSee: state.isMember(channel, state.botUserId),
  };
}

export function userDeletes(state: StandInState, channelId: string, ts: string): ActionOutcome {
  const channel = mustChannel(state, channelId);
  const found = state.locate(channelId, ts);
  const underReplies = found !== undefined && found.parent === undefined && found.message.replies.length > 0;
  const previous = state.remove(channelId, ts);
  if (!previous) throw new Error(`stand-in: no message ${ts} in ${channelId}`);
  const tombstone = underReplies ? state.message(channelId, ts) : undefined;
  // A thread parent with replies is not deleted but turned into Slackbot's tombstone: Slack says so with a
  // message_changed whose message is the tombstone, not with a message_deleted.
  if (tombstone) return { event: changedEvent(state, channel, tombstone, previous), botCanSee: state.isMember(channel, state.botUserId) };
  const eventTs = state.nextTs();
  const event: JsonRecord = {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel: channel.id,
    ts: eventTs,
    deleted_ts: ts,
    event_ts: eventTs,
    channel_type: channelType(channel),
    previous_message: wireMessage(previous),
  };
  if (previous.threadTs !== undefined) event.thread_ts = previous.threadTs;
  return { event, botCanSee: state.isMember(channel, state.botUserId) };
}

export function userReacts(
  state: StandInState,
  userId: string,
  channelId: string,
  ts: string,
  reaction: string,
  add: boolean,
): ActionOutcome {
  const channel = mustChannel(state, channelId);
  mustUser(state, userId);
  const msg = state.message(channelId, ts);
  if (!msg) throw new Error(`stand-in: no message ${ts} in ${channelId}`);
  const name = reaction.replace(/^:|:$/g, '');
  const existing = msg.reactions.find((r) => r.name === name);
  const has = existing?.users.includes(userId) ?? false;
  if (add) {
    if (has) throw new Error(`stand-in: ${userId} already reacted :${name}:`);
    if (existing) existing.users.push(userId);
    else msg.reactions.push({ name, users: [userId] });
  } else {
    if (!existing || !has) throw new Error(`stand-in: ${userId} has no :${name}: reaction to remove`);
    existing.users = existing.users.filter((u) => u !== userId);
    msg.reactions = msg.reactions.filter((r) => r.users.length > 0);
  }
  return {
    event: {
      type: add ? 'reaction_added' : 'reaction_removed',
      user: userId,
      reaction: name,
      // A webhook's post has no user, and its reactions no item_user.
      ...(msg.user !== '' ? { item_user: msg.user } : {}),
      item: { type: 'message', channel: channel.id, ts: msg.ts },
      event_ts: state.nextTs(),
    },
    botCanSee: state.isMember(channel, state.botUserId),
  };
}

/** A person joins a public channel; the join message is what Slack sends the app (message.channels). */
export function userJoins(state: StandInState, userId: string, channelId: string): ActionOutcome {
  const channel = mustChannel(state, channelId);
  mustUser(state, userId);
  if (channel.isPrivate || channel.isIm) throw new Error(`stand-in: ${channelId} is private: only an invitation lets ${userId} in`);
  if (channel.members.includes(userId)) throw new Error(`stand-in: ${userId} is already in ${channelId}`);
  state.join(channel, userId);
  const joined = state.messages(channel.id).filter((m) => m.subtype === 'channel_join' && m.user === userId).at(-1);
  const event = joined ? messageEvent(state, channel, joined) : { type: 'member_joined_channel', user: userId, channel: channel.id, channel_type: channelType(channel), team: state.teamId, event_ts: state.nextTs() };
  return { event, botCanSee: channel.members.includes(state.botUserId) };
}
