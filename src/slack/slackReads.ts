import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ChannelHistory, ChannelMessage, MessagePage } from '../usecases/ports/channel';
import type { People } from '../usecases/people';
import { slackMessage } from './listeners/events/payloads';
import { SlackApiError } from '../errors';
import { call, toSlackError } from './webApiCall';

/** Slack allows up to 1,000 per page but recommends 200 or fewer. */
const PAGE = 200;

/** A message of history: the parts the transcript keeps, its thread and its reactions. */
const rawMessage = slackMessage.extend({
  reply_count: z.number().optional().catch(undefined),
  reactions: z.array(z.object({ name: z.string(), users: z.array(z.string()).catch([]) })).optional().catch(undefined),
});

/** One page of history, each message checked: one of a shape the bot cannot read is left out, not the page. */
function page(messages: readonly unknown[] | undefined, next: string | undefined): MessagePage {
  const out: ChannelMessage[] = [];
  for (const raw of messages ?? []) {
    const parsed = rawMessage.safeParse(raw);
    if (!parsed.success) continue;
    const { reply_count, reactions, ...m } = parsed.data;
    out.push({
      ts: m.ts,
      replyCount: reply_count ?? 0,
      reactions: reactions ?? [],
      message: m,
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
      ...(m.subtype ? { subtype: m.subtype } : {}),
    });
  }
  return next ? { messages: out, nextCursor: next } : { messages: out };
}

/** A message the bot cannot read: not there, or not in a channel it is in. Other failures are worth a retry. */
const UNREADABLE = new Set(['not_in_channel', 'channel_not_found', 'thread_not_found', 'message_not_found']);

/** A render naming 200 people looks up the first 50 not known yet; the others show as ids until a later one. */
const MAX_WAITING_LOOKUPS = 50;
/** Names looked up in any minute: Slack allows users.info about 100 times a minute, and a 429 stalls every read. */
const LOOKUPS_PER_MINUTE = 80;
/** users.info calls in flight at once. */
const LOOKUPS_AT_ONCE = 4;
/** A person Slack says does not exist (or is not visible) is not asked about again for this long; other failures, briefly. */
const UNKNOWN_TTL_MS = 60 * 60_000;
const FAILED_TTL_MS = 60_000;

interface Person {
  name: string;
  teamId?: string;
  enterpriseId?: string;
  /** A guest account (multi- or single-channel): `is_restricted` / `is_ultra_restricted`. */
  guest?: true;
}

/**
 * What the use cases read from Slack (people, membership, history). The
 * client given here waits out 429s itself (Retry-After), so a read is slow
 * rather than lost. People are cached, bounded in size and age, and so are
 * failed look-ups; a look-up already under way is shared, a few run at once.
 * Names are looked up within a budget (a render, a minute): past it a name
 * shows as its id, and a later render fills it in. Whether someone is
 * external is always looked up: access depends on it.
 */
export function createSlackReads(client: WebClient): People & ChannelHistory & { workspaceUrl(): Promise<string | undefined> } {
  const known = new LRUCache<string, Person>({ max: 5000, ttl: 60 * 60_000 });
  const failed = new LRUCache<string, SlackApiError>({ max: 5000, ttl: FAILED_TTL_MS });
  const underway = new Map<string, Promise<Person>>();
  /** When each look-up of the last minute started, oldest first. */
  const started: number[] = [];
  const withinBudget = () => {
    const now = Date.now();
    while (started.length > 0 && (started[0] ?? 0) <= now - 60_000) started.shift();
    return started.length < LOOKUPS_PER_MINUTE;
  };
  const slots = { free: LOOKUPS_AT_ONCE, queue: [] as Array<() => void> };
  let identity: Promise<{ url?: string; userId?: string; botId?: string; teamId?: string; enterpriseId?: string }> | undefined;

  const self = () =>
    (identity ??= client.auth.test().then(
      (r) => ({ url: r.url, userId: r.user_id, botId: r.bot_id, teamId: r.team_id, enterpriseId: r.enterprise_id }),
      (err: unknown) => {
        identity = undefined; // asked again next time
        throw toSlackError('auth.test', err);
      },
    ));
  const inSlot = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (slots.free > 0) slots.free -= 1;
    else await new Promise<void>((resolve) => slots.queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = slots.queue.shift();
      if (next) next();
      else slots.free += 1;
    }
  };
  const lookUp = (userId: string): Promise<Person> => {
    const cached = known.get(userId);
    if (cached) return Promise.resolve(cached);
    const miss = failed.get(userId);
    if (miss) return Promise.reject(miss);
    let pending = underway.get(userId);
    if (!pending) {
      started.push(Date.now());
      pending = inSlot(() => client.users.info({ user: userId })).then(
        ({ user: u }) => {
          // A postmortem is read by people outside the channel: the real name says more than a handle.
          const name = u?.real_name || u?.profile?.real_name || u?.profile?.display_name || u?.name || userId;
          const person: Person = { name, ...(u?.team_id ? { teamId: u.team_id } : {}), ...(u?.enterprise_user?.enterprise_id ? { enterpriseId: u.enterprise_user.enterprise_id } : {}) };
          if (u?.is_restricted || u?.is_ultra_restricted) person.guest = true;
          known.set(userId, person);
          return person;
        },
        (err: unknown) => {
          const e = toSlackError('users.info', err);
          failed.set(userId, e, { ttl: e.slackError === 'user_not_found' || e.slackError === 'user_not_visible' ? UNKNOWN_TTL_MS : FAILED_TTL_MS });
          throw e;
        },
      );
      const settled = pending.finally(() => underway.delete(userId));
      settled.catch(() => undefined);
      underway.set(userId, pending);
    }
    return pending;
  };
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
  const repliesRaw = (channelId: string, threadTs: string, cursor?: string) =>
    call('conversations.replies', () => client.conversations.replies({ channel: channelId, ts: threadTs, limit: PAGE, ...(cursor ? { cursor } : {}) }));
  return {
    async userName(userId) {
      const cached = known.get(userId);
      if (cached) return cached.name;
      // A render that names more people than may wait, or than Slack answers in a minute, shows the rest as ids.
      if (!underway.has(userId) && !failed.has(userId) && (underway.size >= MAX_WAITING_LOOKUPS || !withinBudget())) return userId;
      return lookUp(userId).then(
        (p) => p.name,
        () => userId, // a missing name must not lose what it labels
      );
    },
    async isExternal(userId) {
      const [me, person] = await Promise.all([
        self(),
        lookUp(userId).catch((err: unknown) => {
          if (err instanceof SlackApiError && (err.slackError === 'user_not_found' || err.slackError === 'user_not_visible')) return undefined;
          throw err;
        }),
      ]);
      // Someone this workspace cannot see is not one of its people; one of the same Enterprise Grid org is.
      if (!person) return true;
      return person.teamId !== me.teamId && !(me.enterpriseId !== undefined && person.enterpriseId === me.enterpriseId);
    },
    async isGuest(userId) {
      // Someone Slack will not show this workspace is treated as a guest: shown only the channels they are in.
      const person = await lookUp(userId).catch((err: unknown) => {
        if (err instanceof SlackApiError && (err.slackError === 'user_not_found' || err.slackError === 'user_not_visible')) return undefined;
        throw err;
      });
      return !person || person.guest === true;
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
    async history(channelId, cursor, oldest) {
      const res = await call('conversations.history', () =>
        client.conversations.history({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}), ...(oldest ? { oldest } : {}) }),
      );
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    async replies(channelId, threadTs, cursor) {
      const res = await repliesRaw(channelId, threadTs, cursor);
      return page(res?.messages, res?.response_metadata?.next_cursor);
    },
    async message(channelId, ts, threadTs) {
      const editedTs = (raw: readonly unknown[] | undefined) => {
        const found = (raw ?? []).find((m) => rawMessage.safeParse(m).data?.ts === ts);
        return rawMessage.safeParse(found).data?.edited?.ts;
      };
      try {
        if (threadTs && threadTs !== ts) {
          let cursor: string | undefined;
          do {
            const res = await repliesRaw(channelId, threadTs, cursor);
            const found = page(res?.messages, undefined).messages.find((m) => m.ts === ts);
            if (found) return { ...found, ...(editedTs(res?.messages) ? { editedTs: editedTs(res?.messages) } : {}) };
            cursor = res?.response_metadata?.next_cursor || undefined;
          } while (cursor);
          return undefined;
        }
        const res = await call('conversations.history', () => client.conversations.history({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 }));
        const found = page(res?.messages, undefined).messages.find((m) => m.ts === ts);
        const edited = editedTs(res?.messages);
        return found && { ...found, ...(edited ? { editedTs: edited } : {}) };
      } catch (err) {
        if (err instanceof SlackApiError && UNREADABLE.has(err.slackError)) return undefined;
        throw err;
      }
    },
    async permalink(channelId, ts) {
      try {
        return (await call('chat.getPermalink', () => client.chat.getPermalink({ channel: channelId, message_ts: ts })))?.permalink;
      } catch (err) {
        if (err instanceof SlackApiError && UNREADABLE.has(err.slackError)) return undefined;
        throw err;
      }
    },
    async ownIds() {
      const { userId, botId } = await self();
      return { ...(userId ? { userId } : {}), ...(botId ? { botId } : {}) };
    },
    workspaceUrl: () => self().then(
      (me) => me.url,
      () => undefined,
    ),
  };
}
