import type { App } from '@slack/bolt';
import { recordReaction } from '../../../services/timeline';
import type { ListenerDeps } from '../deps';
import { reactionEvent } from './payloads';

/**
 * Awaited before Bolt answers Slack (processBeforeResponse): if the entry
 * cannot be stored, Slack gets a 500 and delivers the event again.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.event('reaction_added', async ({ event }) => {
    const parsed = reactionEvent.safeParse(event);
    if (!parsed.success) return; // reactions on files and the like are not timeline material
    const { item, reaction } = parsed.data;
    await recordReaction(deps.services, { channelId: item.channel, messageTs: item.ts, reaction });
  });
}
