import type { App } from '@slack/bolt';
import { recordMessage } from '../../../services/timeline';
import type { ListenerDeps } from '../deps';
import { humanMessageEvent } from './payloads';

export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event }) => {
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
