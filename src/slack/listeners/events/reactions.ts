import type { App } from '@slack/bolt';
import { recordReactionAdded, recordReactionRemoved } from '../../../services/timeline';
import type { ListenerDeps } from '../deps';
import { once } from './once';
import { reactionEvent } from './payloads';

/**
 * Awaited before Bolt answers Slack (processBeforeResponse): if the entry
 * cannot be stored, Slack gets a 500 and delivers the event again.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.event('reaction_added', async ({ event, body }) => {
    const parsed = reactionEvent.safeParse(event);
    if (!parsed.success) return; // reactions on files and the like are not timeline material
    const { item, reaction, user } = parsed.data;
    await once(deps, body, () => recordReactionAdded(deps.services, { channelId: item.channel, messageTs: item.ts, reaction, userId: user }));
  });
  app.event('reaction_removed', async ({ event, body }) => {
    const parsed = reactionEvent.safeParse(event);
    if (!parsed.success) return;
    const { item, reaction, user } = parsed.data;
    await once(deps, body, () => recordReactionRemoved(deps.services, { channelId: item.channel, messageTs: item.ts, reaction, userId: user }));
  });
}
