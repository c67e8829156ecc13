/** Making an incident's channel in Slack, as the declaration needs it (src/slack/webApi.ts implements it). */
export interface ChannelMaker {
  /** Creates the channel; `taken` when the name is in use, `refused` when Slack will never make it (with why). */
  create(name: string): Promise<{ channel: { id: string; name: string } } | { taken: true } | { refused: string }>;
  /** A channel of this name the bot itself created since `since` (a creation whose answer was lost), if any. */
  findOwn(name: string, since: Date): Promise<{ id: string; name: string } | undefined>;
}
