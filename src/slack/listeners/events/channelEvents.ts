import type { App } from '@slack/bolt';
import type { ChannelEvent } from '../../../domain/channelEvents';
import { carriesContent, readMessage } from '../../../domain/messageContent';
import { baseEmoji } from '../../../domain/reactions';
import { inboxBindings, withBindings } from '../../../logContext';
import type { ListenerDeps } from '../deps';
import { messageChangedEvent, messageDeletedEvent, newMessageEvent, reactionEvent, type SlackMessagePayload } from './payloads';

const eventIdOf = (body: unknown): string | undefined =>
  body && typeof body === 'object' && 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;

/** The bot's own ids, from Bolt's auth.test: its posts (status posts, the summary) are already on the timeline. */
interface Self {
  userId: string | undefined;
  botId: string | undefined;
}

const postedBySelf = (m: { user?: string | undefined; bot_id?: string | undefined }, self: Self): boolean =>
  (self.userId !== undefined && m.user === self.userId) || (self.botId !== undefined && m.bot_id === self.botId);

/**
 * Reactions and messages: checked, decoded, stored in the inbox, nothing
 * more before Slack's answer. In HTTP mode Bolt answers after this returns
 * (processBeforeResponse), so a failed store is a 500 and Slack sends the
 * event again; in Socket Mode Bolt has already acked, and reconciliation
 * recovers what a failure lost. Every message is kept, people's and other
 * bots' (an alert, a deploy bot's "rollback complete"); the bot's own are not.
 */
export function register(app: App, deps: ListenerDeps): void {
  const store = async (body: unknown, event: ChannelEvent | undefined) => {
    const eventId = eventIdOf(body);
    if (!event || !eventId) return;
    const id = `evt:${eventId}`;
    await deps.receive(id, { type: 'channel_event', event }).catch((err: unknown) => {
      // Thrown on to Bolt: over HTTP Slack hears a 500 and sends the event again.
      withBindings(deps.logger, { ...inboxBindings(id), channel: event.channelId }).warn(`could not store ${event.kind} event:`, err);
      throw err;
    });
  };

  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body, context }) => {
      const parsed = reactionEvent.safeParse(event);
      // Reactions on files, and emoji that mean nothing to the timeline, are not worth a write.
      if (!parsed.success || !deps.settings.reactionKinds[baseEmoji(parsed.data.reaction)]) return;
      const r = parsed.data;
      // A mark on the bot's own post (a status change it posted) would double an entry it already has.
      if (context.botUserId !== undefined && r.item_user === context.botUserId) return;
      await store(body, {
        kind: 'reaction',
        channelId: r.item.channel,
        messageTs: r.item.ts,
        itemUser: r.item_user ?? '',
        userId: r.user,
        emoji: baseEmoji(r.reaction),
        added: r.type === 'reaction_added',
        eventTs: r.event_ts,
      });
    });
  }

  app.event('message', async ({ event, body, context }) => {
    await store(body, toChannelEvent(event, { userId: context.botUserId, botId: context.botId }));
  });
}

function posted(channelId: string, m: SlackMessagePayload) {
  const { files, ...record } = readMessage(m);
  return {
    channelId,
    ts: m.ts,
    ...record,
    ...(files.length > 0 ? { files } : {}),
    ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
  };
}

function toChannelEvent(event: unknown, self: Self): ChannelEvent | undefined {
  const changed = messageChangedEvent.safeParse(event);
  if (changed.success) {
    const { message: m, channel } = changed.data;
    const at = changed.data.event_ts ?? changed.data.ts;
    // A thread parent deleted under its replies becomes Slackbot's "This message was deleted." tombstone.
    if (m.subtype === 'tombstone') return { kind: 'message_deleted', channelId: channel, ts: m.ts, eventTs: at };
    if (!carriesContent(m.subtype) || postedBySelf(m, self)) return undefined;
    return { kind: 'message_edited', ...posted(channel, m), editTs: m.edited?.ts ?? at };
  }
  const deleted = messageDeletedEvent.safeParse(event);
  if (deleted.success) {
    const d = deleted.data;
    return { kind: 'message_deleted', channelId: d.channel, ts: d.deleted_ts, eventTs: d.event_ts ?? d.ts };
  }
  const message = newMessageEvent.safeParse(event);
  // Joins, topic changes and other notes of Slack's own say nothing about the incident.
  if (!message.success || !carriesContent(message.data.subtype) || postedBySelf(message.data, self)) return undefined;
  return { kind: 'message', ...posted(message.data.channel, message.data) };
}
