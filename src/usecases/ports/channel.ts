import type { SlackMessage } from '../../domain/messageContent';

/** A message as channel history gives it, reactions included. */
export interface ChannelMessage {
  ts: string;
  threadTs?: string;
  /** Slack's own notes (joins, topic changes, a deleted thread parent's tombstone …) have one; see carriesContent. */
  subtype?: string;
  replyCount: number;
  reactions: Array<{ name: string; users: string[] }>;
  /** Who posted it and what it shows, as Slack sends them (text still entity-encoded). */
  message: SlackMessage;
}

export interface MessagePage {
  messages: ChannelMessage[];
  nextCursor?: string;
}

/** Reading a channel as Slack has it now; the adapter waits out rate limits. */
export interface ChannelHistory {
  /** One page of top-level messages, newest first; with `oldest` (a Slack ts), only those posted after it. */
  history(channelId: string, cursor?: string, oldest?: string): Promise<MessagePage>;
  /** One page of a thread, the parent first. */
  replies(channelId: string, threadTs: string, cursor?: string): Promise<MessagePage>;
  /** The bot's own user and bot ids: what it posted itself is on the timeline already. */
  ownIds(): Promise<{ userId?: string; botId?: string }>;
}
