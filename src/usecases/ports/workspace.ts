/** Making an incident's channel in Slack, as the declaration needs it (src/slack/webApi.ts implements it). */
export interface ChannelMaker {
  /** Creates the channel; `taken` when the name is in use, `refused` when Slack will never make it (with why). */
  create(name: string, opts?: { private?: boolean }): Promise<{ channel: { id: string; name: string } } | { taken: true } | { refused: string }>;
  /** A channel of this name the bot itself created since `since` (a creation whose answer was lost), if any. */
  findOwn(name: string, since: Date): Promise<{ id: string; name: string } | undefined>;
  /**
   * An existing channel made the incident's (`--here`): the bot joins it if it is public. Refused, with nothing
   * done, when it is a direct message, archived, private without the bot in it (Slack hides those from it), or
   * public while a private one is wanted.
   */
  adopt(channelId: string, opts?: { private?: boolean }): Promise<{ channel: { id: string; name: string }; isPrivate: boolean } | { refused: AdoptRefusal }>;
}

export type AdoptRefusal = 'direct_message' | 'archived' | 'not_visible' | 'public_channel';
