import type { App } from '@slack/bolt';
import type { ChannelEvent } from '../../../domain/channelEvents';
import { baseEmoji } from '../../../domain/reactions';
import { decodeSlackText } from '../../../domain/slackText';
import type { ListenerDeps } from '../deps';
import { humanMessageEvent, messageChangedEvent, messageDeletedEvent, reactionEvent } from './payloads';

const eventIdOf = (body: unknown): string | undefined =>
  body && typeof body === 'object' && 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;

/**
 * Reactions and messages: checked, decoded, stored in the inbox, nothing
 * more before Slack's answer. In HTTP mode Bolt answers after this returns
 * (processBeforeResponse), so a failed store is a 500 and Slack sends the
 * event again; in Socket Mode Bolt has already acked, and reconciliation
 * recovers what a failure lost.
 */
export function register(app: App, deps: ListenerDeps): void {
  const store = async (body: unknown, event: ChannelEvent | undefined) => {
    const eventId = eventIdOf(body);
    if (!event || !eventId) return;
    await deps.receive(`evt:${eventId}`, { type: 'channel_event', event });
  };

  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body }) => {
      const parsed = reactionEvent.safeParse(event);
      // Reactions on files, and emoji that mean nothing to the timeline, are not worth a write.
      if (!parsed.success || !deps.settings.reactionKinds[baseEmoji(parsed.data.reaction)]) return;
      const r = parsed.data;
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

  app.event('message', async ({ event, body }) => {
    await store(body, toChannelEvent(event));
  });
}

function toChannelEvent(event: unknown): ChannelEvent | undefined {
  const changed = messageChangedEvent.safeParse(event);
  if (changed.success) {
    const m = changed.data.message;
    return {
      kind: 'message_edited',
      channelId: changed.data.channel,
      ts: m.ts,
      userId: m.user,
      text: decodeSlackText(m.text),
      editTs: m.edited?.ts ?? changed.data.event_ts ?? changed.data.ts,
      ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
    };
  }
  const deleted = messageDeletedEvent.safeParse(event);
  if (deleted.success) {
    const d = deleted.data;
    return { kind: 'message_deleted', channelId: d.channel, ts: d.deleted_ts, eventTs: d.event_ts ?? d.ts };
  }
  const human = humanMessageEvent.safeParse(event);
  if (!human.success) return undefined; // bot posts, joins, topic changes …
  const m = human.data;
  return {
    kind: 'message',
    channelId: m.channel,
    ts: m.ts,
    userId: m.user,
    text: decodeSlackText(m.text),
    ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
  };
}
