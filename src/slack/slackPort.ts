import type { WebClient } from '@slack/web-api';
import { SlackApiError } from '../errors';
import type { ChannelMessage, FetchedMessage, MessagePage, SlackMessageContent, SlackPort } from '../services/ports';

/** Errors that mean "already done": the call's goal holds, so they are not failures. */
const HARMLESS: Record<string, readonly string[]> = {
  'conversations.invite': ['already_in_channel', 'cant_invite_self'],
  'pins.add': ['already_pinned'],
};

function slackErrorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  if ('data' in err && typeof err.data === 'object' && err.data !== null && 'error' in err.data) {
    return String(err.data.error);
  }
  if ('code' in err && err.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if ('statusCode' in err) return `http_${String(err.statusCode)}`;
  return 'request_failed';
}

/**
 * Every Web API call goes through here: Slack's `ok: false` becomes a
 * SlackApiError with Slack's own code; 429s were already retried by the
 * WebClient after Retry-After (its retryConfig decides how often).
 */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const code = slackErrorCode(err);
    if (HARMLESS[method]?.includes(code)) return undefined;
    throw new SlackApiError(method, code, { cause: err });
  }
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Slack allows up to 1,000 per page but recommends 200 or fewer. */
const PAGE = 200;

interface RawMessage {
  ts?: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  reply_count?: number;
  reactions?: Array<{ name?: string; users?: string[] }>;
}

function page(messages: RawMessage[] | undefined, next: string | undefined): MessagePage {
  const out: ChannelMessage[] = [];
  for (const m of messages ?? []) {
    if (!m.ts) continue;
    out.push({
      ts: m.ts,
      text: m.text ?? '',
      replyCount: m.reply_count ?? 0,
      reactions: (m.reactions ?? []).flatMap((r) => (r.name ? [{ name: r.name, users: r.users ?? [] }] : [])),
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
      ...(m.user ? { userId: m.user } : {}),
      ...(m.bot_id ? { botId: m.bot_id } : {}),
      ...(m.subtype ? { subtype: m.subtype } : {}),
    });
  }
  return next ? { messages: out, nextCursor: next } : { messages: out };
}

export function createSlackPort(client: WebClient): SlackPort {
  const names = new Map<string, Promise<string>>();
  let workspace: Promise<string | undefined> | undefined;

  const lookupName = async (userId: string): Promise<string> => {
    try {
      const res = await client.users.info({ user: userId });
      const u = res.user;
      // A postmortem is read by people outside the channel: the real name says more than a handle.
      return u?.real_name || u?.profile?.real_name || u?.profile?.display_name || u?.name || userId;
    } catch {
      // A missing name must not lose the entry it belongs to: fall back to the id.
      names.delete(userId);
      return userId;
    }
  };

  const content = (c: SlackMessageContent) => ({
    text: c.text,
    ...(c.blocks ? { blocks: c.blocks } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });

  return {
    async createChannel(name) {
      const res = await call('conversations.create', () => client.conversations.create({ name }));
      const id = res?.channel?.id;
      if (!id) throw new SlackApiError('conversations.create', 'no_channel_returned');
      return { id, name: res.channel?.name ?? name };
    },
    async invite(channelId, userIds) {
      await call('conversations.invite', () => client.conversations.invite({ channel: channelId, users: userIds.join(',') }));
    },
    async setTopic(channelId, topic) {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel: channelId, topic }));
    },
    async postMessage(channelId, c) {
      const res = await call('chat.postMessage', () => client.chat.postMessage({ channel: channelId, ...content(c) }));
      if (!res?.ts) throw new SlackApiError('chat.postMessage', 'no_ts_returned');
      return res.ts;
    },
    async updateMessage(channelId, ts, c) {
      await call('chat.update', () => client.chat.update({ channel: channelId, ts, ...content(c) }));
    },
    async pin(channelId, ts) {
      await call('pins.add', () => client.pins.add({ channel: channelId, timestamp: ts }));
    },
    async fetchMessage(channelId, ts): Promise<FetchedMessage | undefined> {
      const res = await call('conversations.history', () =>
        client.conversations.history({ channel: channelId, latest: ts, inclusive: true, limit: 1 }),
      );
      const m = res?.messages?.[0];
      const user = asString(m?.user);
      if (!m || m.ts !== ts || !user) return undefined;
      const threadTs = asString(m.thread_ts);
      return { ts, userId: user, text: m.text ?? '', ...(threadTs && threadTs !== ts ? { threadTs } : {}) };
    },
    async permalink(channelId, ts) {
      try {
        return (await client.chat.getPermalink({ channel: channelId, message_ts: ts })).permalink;
      } catch {
        return undefined; // a link is a convenience; the entry is recorded without it
      }
    },
    userName(userId) {
      let name = names.get(userId);
      if (!name) {
        name = lookupName(userId);
        names.set(userId, name);
      }
      return name;
    },
    async userExists(userId) {
      try {
        const res = await client.users.info({ user: userId });
        return Boolean(res.user && !res.user.deleted);
      } catch (err) {
        const code = slackErrorCode(err);
        if (code === 'user_not_found' || code === 'user_not_visible') return false;
        throw new SlackApiError('users.info', code, { cause: err });
      }
    },
    async findUserByName(name) {
      const wanted = name.toLowerCase();
      let cursor: string | undefined;
      do {
        const res = await call('users.list', () => client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) }));
        const found = res?.members?.find(
          (u) =>
            !u.deleted &&
            [u.name, u.profile?.display_name, u.real_name].some((n) => typeof n === 'string' && n.toLowerCase() === wanted),
        );
        if (found?.id) return found.id;
        cursor = res?.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
    async channelMembers(channelId) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await call('conversations.members', () =>
          client.conversations.members({ channel: channelId, limit: 200, ...(cursor ? { cursor } : {}) }),
        );
        members.push(...(res?.members ?? []));
        cursor = res?.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return members;
    },
    async history(channelId, cursor) {
      const res = await call('conversations.history', () =>
        client.conversations.history({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}) }),
      );
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    async replies(channelId, threadTs, cursor) {
      const res = await call('conversations.replies', () =>
        client.conversations.replies({ channel: channelId, ts: threadTs, limit: PAGE, ...(cursor ? { cursor } : {}) }),
      );
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    async workspaceUrl() {
      workspace ??= client.auth.test().then(
        (res) => res.url,
        () => undefined,
      );
      return workspace;
    },
    async joinChannel(channelId) {
      await call('conversations.join', () => client.conversations.join({ channel: channelId }));
    },
    async openModal(triggerId, view) {
      await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },
    async uploadFile(channelId, file) {
      await call('files.uploadV2', () =>
        client.files.uploadV2({
          channel_id: channelId,
          filename: file.filename,
          title: file.title,
          content: file.content,
          initial_comment: file.comment,
        }),
      );
    },
  };
}
