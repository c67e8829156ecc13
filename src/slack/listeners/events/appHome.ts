import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../deps';

/** App Home opened: stored like any event (Slack's retry finds it stored), then published from the outbox. */
export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (event.tab !== 'home' || !eventId) return;
    await deps.receive(`evt:${eventId}`, { type: 'home_opened', userId: event.user });
  });
}
