// Messages posted by bots and integrations, shaped as Slack stores and sends them: the alert that
// started it all (Datadog, PagerDuty), a deploy bot's "rollback complete". Two families:
// - classic integrations (incoming webhooks, legacy bots): `subtype: 'bot_message'`, a `bot_id`, the
//   name in `username`, no `user` at all, and often `text: ''` with everything in `attachments`;
// - newer apps post as their bot user: `user` + `bot_id` + `bot_profile`, often with only `blocks`.
// Reactions on a webhook's post carry no `item_user`.
import { Channel, JsonRecord, StoredMessage } from './standInModel';
import { StandInState } from './standInState';
import { changedEvent, messageEvent, type ActionOutcome } from './standInActions';

export interface IntegrationPost {
  /** The integration's bot id (`B…`); by default one per name. */
  botId?: string;
  /** A classic integration's name for this post: the message has no user (subtype bot_message). */
  username?: string;
  /** A newer app: its bot user (added as a bot user if unknown) and the name in its bot_profile. */
  app?: { userId: string; name: string };
  /** Message text as Slack stores it (entity-encoded); integrations often leave it empty. */
  text?: string;
  attachments?: JsonRecord[];
  blocks?: JsonRecord[];
  files?: Array<{ id: string; name: string; title: string; permalink?: string }>;
  threadTs?: string;
  ts?: string;
}

function mustChannel(state: StandInState, channelId: string): Channel {
  const channel = state.channel(channelId);
  if (!channel) throw new Error(`stand-in: no channel ${channelId}`);
  return channel;
}

const botIdFor = (name: string) => `B${name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 9).padEnd(9, '0')}`;

/** An integration posts to a channel (webhooks need no membership; an app's bot user must be in it). */
export function integrationPosts(state: StandInState, channelId: string, post: IntegrationPost): ActionOutcome {
  const channel = mustChannel(state, channelId);
  if (post.app === undefined && post.username === undefined) throw new Error('stand-in: an integration post needs a username or an app');
  const name = post.app?.name ?? post.username ?? '';
  const botId = post.botId ?? botIdFor(name);
  if (post.app !== undefined) {
    if (!state.user(post.app.userId)) state.addUser({ id: post.app.userId, name: post.app.name.toLowerCase(), realName: post.app.name, isBot: true });
    if (!state.isMember(channel, post.app.userId)) state.join(channel, post.app.userId);
  }
  const msg: StoredMessage = {
    ts: post.ts !== undefined ? state.claimTs(post.ts) : state.nextTs(),
    user: post.app?.userId ?? '',
    botId,
    text: post.text ?? '',
    replies: [],
    reactions: [],
    ...(post.app === undefined ? { subtype: 'bot_message' } : {}),
    ...(post.attachments !== undefined ? { attachments: post.attachments } : {}),
    ...(post.blocks !== undefined ? { blocks: post.blocks } : {}),
    ...(post.files !== undefined ? { files: post.files.map((f) => ({ ...f })) } : {}),
    extra:
      post.app !== undefined
        ? { app_id: `A${botId.slice(1)}`, bot_profile: { id: botId, app_id: `A${botId.slice(1)}`, name: post.app.name, deleted: false } }
        : { username: post.username },
  };
  if (post.threadTs !== undefined) {
    const found = state.locate(channelId, post.threadTs);
    if (!found) throw new Error(`stand-in: no message ${post.threadTs} in ${channelId} to reply to`);
    state.addReply(found.parent ?? found.message, msg);
  } else state.insert(channelId, msg);
  return { event: messageEvent(state, channel, msg), botCanSee: state.isMember(channel, state.botUserId) };
}

/** The integration updates its post (an alert that resolved): a message_changed, as for a person's edit. */
export function integrationEdits(
  state: StandInState,
  channelId: string,
  ts: string,
  change: Pick<IntegrationPost, 'text' | 'attachments' | 'blocks'>,
): ActionOutcome {
  const channel = mustChannel(state, channelId);
  const msg = state.message(channelId, ts);
  if (!msg || msg.botId === undefined) throw new Error(`stand-in: no integration post ${ts} in ${channelId}`);
  const previous: StoredMessage = { ...msg };
  if (change.text !== undefined) msg.text = change.text;
  if (change.attachments !== undefined) msg.attachments = change.attachments;
  if (change.blocks !== undefined) msg.blocks = change.blocks;
  msg.edited = { user: msg.user === '' ? msg.botId : msg.user, ts: state.nextTs() };
  return { event: changedEvent(state, channel, msg, previous), botCanSee: state.isMember(channel, state.botUserId) };
}
