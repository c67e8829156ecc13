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
  /** One message as Slack has it now (a thread reply with its parent's ts), with its last edit's ts; undefined when gone or unreadable. */
  message(channelId: string, ts: string, threadTs?: string): Promise<(ChannelMessage & { editedTs?: string }) | undefined>;
  /** Slack's link to a message (chat.getPermalink); undefined when Slack will not give one. */
  permalink(channelId: string, ts: string): Promise<string | undefined>;
  /** The bot's own user and bot ids: what it posted itself is on the timeline already. */
  ownIds(): Promise<{ userId?: string; botId?: string }>;
}
