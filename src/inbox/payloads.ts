import type { ChannelEvent } from '../domain/channelEvents';
import type { Declaration } from '../domain/effects';

/** What the inbox keeps of each accepted Slack request: parsed, checked, text decoded. */
export type InboxPayload =
  | { type: 'channel_event'; event: ChannelEvent }
  | { type: 'command'; text: string; channelId: string; userId: string; responseUrl: string }
  /** The declaration's time is the item's receivedAt. */
  | { type: 'declare_form'; declaration: Omit<Declaration, 'at'> };
