import type { types } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import { SlackApiError } from '../errors';
import type { ChannelHistory, ChannelMessage, MessagePage } from '../usecases/reconcileChannel';
import type { People } from '../usecases/people';

/** Errors that mean "already done": the call's goal holds, so they are not failures. */
const HARMLESS: Record<string, readonly string[]> = {
  'conversations.invite': ['already_in_channel', 'cant_invite_self'],
  'pins.add': ['already_pinned'],
  'conversations.join': ['already_in_channel'],
};

function toSlackError(method: string, err: unknown): SlackApiError {
  if (typeof err !== 'object' || err === null) return new SlackApiError(method, String(err));
  if ('data' in err && typeof err.data === 'object' && err.data !== null && 'error' in err.data) {
    return new SlackApiError(method, String(err.data.error), undefined, { cause: err });
  }
  if ('retryAfter' in err && typeof err.retryAfter === 'number') return new SlackApiError(method, 'ratelimited', err.retryAfter, { cause: err });
  if ('statusCode' in err) return new SlackApiError(method, `http_${String(err.statusCode)}`, undefined, { cause: err });
  return new SlackApiError(method, 'request_failed', undefined, { cause: err });
}

/** Every Web API call goes through here: failures become SlackApiError with Slack's own code. */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    const e = toSlackError(method, err);
    if (HARMLESS[method]?.includes(e.slackError)) return undefined;
    throw e;
  }
}

export interface MessageContent {
  text: string;
  blocks?: Array<types.KnownBlock | types.Block>;
}

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

/**
 * What the use cases read from Slack (people, membership, history). The
 * client given here waits out 429s itself (Retry-After), so a read is slow
 * rather than lost; names are cached, bounded in size and age.
 */
export function createSlackReads(client: WebClient): People & ChannelHistory & { workspaceUrl(): Promise<string | undefined> } {
  const names = new LRUCache<string, string>({ max: 5000, ttl: 60 * 60_000 });
  let workspace: Promise<string | undefined> | undefined;
  const list = async (method: string, fetch: (cursor?: string) => Promise<{ items: string[]; next?: string | undefined } | undefined>) => {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(method, () => fetch(cursor));
      out.push(...(res?.items ?? []));
      cursor = res?.next || undefined;
    } while (cursor);
    return out;
  };
  return {
    async userName(userId) {
      const cached = names.get(userId);
      if (cached) return cached;
      try {
        const u = (await client.users.info({ user: userId })).user;
        // A postmortem is read by people outside the channel: the real name says more than a handle.
        const name = u?.real_name || u?.profile?.real_name || u?.profile?.display_name || u?.name || userId;
        names.set(userId, name);
        return name;
      } catch {
        return userId; // a missing name must not lose what it labels
      }
    },
    async userExists(userId) {
      try {
        const res = await client.users.info({ user: userId });
        return Boolean(res.user && !res.user.deleted);
      } catch (err) {
        const e = toSlackError('users.info', err);
        if (e.slackError === 'user_not_found' || e.slackError === 'user_not_visible') return false;
        throw e;
      }
    },
    async findUserByName(name) {
      const wanted = name.toLowerCase();
      let cursor: string | undefined;
      do {
        const res = await call('users.list', () => client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) }));
        const found = res?.members?.find(
          (u) => !u.deleted && [u.name, u.profile?.display_name, u.real_name].some((n) => typeof n === 'string' && n.toLowerCase() === wanted),
        );
        if (found?.id) return found.id;
        cursor = res?.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
    channelMembers: (channelId) =>
      list('conversations.members', async (cursor) => {
        const res = await client.conversations.members({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}) });
        return { items: res.members ?? [], next: res.response_metadata?.next_cursor };
      }),
    async history(channelId, cursor) {
      const res = await call('conversations.history', () => client.conversations.history({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}) }));
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    async replies(channelId, threadTs, cursor) {
      const res = await call('conversations.replies', () =>
        client.conversations.replies({ channel: channelId, ts: threadTs, limit: PAGE, ...(cursor ? { cursor } : {}) }),
      );
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    workspaceUrl() {
      workspace ??= client.auth.test().then(
        (res) => res.url,
        () => {
          workspace = undefined; // try again next time
          return undefined;
        },
      );
      return workspace;
    },
  };
}

/**
 * The calls effects make. The client given here does not retry: a failure
 * (429 included, with its Retry-After) goes back to the outbox, which
 * reschedules the job durably.
 */
export function createSlackWrites(client: WebClient) {
  const content = (c: MessageContent) => ({ text: c.text, ...(c.blocks ? { blocks: c.blocks } : {}), unfurl_links: false, unfurl_media: false });
  return {
    async createChannel(name: string): Promise<{ id: string; name: string }> {
      const res = await call('conversations.create', () => client.conversations.create({ name }));
      const id = res?.channel?.id;
      if (!id) throw new SlackApiError('conversations.create', 'no_channel_returned');
      return { id, name: res.channel?.name ?? name };
    },
    async invite(channelId: string, userIds: string[]): Promise<void> {
      await call('conversations.invite', () => client.conversations.invite({ channel: channelId, users: userIds.join(',') }));
    },
    async setTopic(channelId: string, topic: string): Promise<void> {
      await call('conversations.setTopic', () => client.conversations.setTopic({ channel: channelId, topic }));
    },
    async postMessage(channelId: string, c: MessageContent): Promise<string> {
      const res = await call('chat.postMessage', () => client.chat.postMessage({ channel: channelId, ...content(c) }));
      if (!res?.ts) throw new SlackApiError('chat.postMessage', 'no_ts_returned');
      return res.ts;
    },
    async updateMessage(channelId: string, ts: string, c: MessageContent): Promise<void> {
      await call('chat.update', () => client.chat.update({ channel: channelId, ts, ...content(c) }));
    },
    async pin(channelId: string, ts: string): Promise<void> {
      await call('pins.add', () => client.pins.add({ channel: channelId, timestamp: ts }));
    },
    async joinChannel(channelId: string): Promise<void> {
      await call('conversations.join', () => client.conversations.join({ channel: channelId }));
    },
    async openModal(triggerId: string, view: types.ModalView): Promise<void> {
      await call('views.open', () => client.views.open({ trigger_id: triggerId, view }));
    },
    async uploadFile(channelId: string, file: { filename: string; title: string; content: string; comment: string }): Promise<void> {
      await call('files.uploadV2', () =>
        client.files.uploadV2({ channel_id: channelId, filename: file.filename, title: file.title, content: file.content, initial_comment: file.comment }),
      );
    },
    /** Posts to a command's response_url (valid 30 minutes, 5 uses). */
    async respond(responseUrl: string, text: string): Promise<void> {
      let res: Response;
      try {
        res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new SlackApiError('response_url', 'request_failed', undefined, { cause: err });
      }
      if (res.status === 429) throw new SlackApiError('response_url', 'ratelimited', Number(res.headers.get('retry-after') ?? 1));
      if (res.status >= 500) throw new SlackApiError('response_url', `http_${res.status}`);
      if (!res.ok) throw new SlackApiError('response_url', (await res.text()) || `http_${res.status}`);
    },
  };
}
export type SlackWrites = ReturnType<typeof createSlackWrites>;
