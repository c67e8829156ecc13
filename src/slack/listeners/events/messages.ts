import type { App } from '@slack/bolt';
import { recordMessage, recordMessageDeletion, recordMessageEdit } from '../../../services/timeline';
import type { ListenerDeps } from '../deps';
import { once } from './once';
import { humanMessageEvent, messageChangedEvent, messageDeletedEvent } from './payloads';

export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, body }) => {
    const changed = messageChangedEvent.safeParse(event);
    if (changed.success) {
      const m = changed.data.message;
      return once(deps, body, () =>
        recordMessageEdit(deps.services, {
          channelId: changed.data.channel,
          ts: m.ts,
          userId: m.user,
          text: m.text,
          ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
        }),
      );
    }
    const deleted = messageDeletedEvent.safeParse(event);
    if (deleted.success) {
      return once(deps, body, () => recordMessageDeletion(deps.services, { channelId: deleted.data.channel, ts: deleted.data.deleted_ts }));
    }
    const parsed = humanMessageEvent.safeParse(event);
    if (!parsed.success) return; // bot posts, joins, topic changes …
    const m = parsed.data;
    await recordMessage(deps.services, {
      channelId: m.channel,
      ts: m.ts,
      userId: m.user,
      text: m.text,
      ...(m.thread_ts && m.thread_ts !== m.ts ? { threadTs: m.thread_ts } : {}),
    });
  });
}
