/** What use cases ask Slack about people and channels. */
export interface People {
  userName(userId: string): Promise<string>;
  userExists(userId: string): Promise<boolean>;
  /**
   * Someone from another organization (Slack Connect): their workspace is not the bot's. Optional only so that
   * fakes written before it keep compiling; absent, nobody is external.
   */
  isExternal(userId: string): Promise<boolean>;
  /** Looks a plain `@name` up among the workspace's users (handle, display or real name). */
  findUserByName(name: string): Promise<string | undefined>;
  channelMembers(channelId: string): Promise<string[]>;
  /** A guest (Slack's restricted or ultra-restricted account), or someone Slack will not show: sees only their own channels. */
  isGuest(userId: string): Promise<boolean>;
}
