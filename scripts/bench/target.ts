// What every scenario sees of the thing under load, so floors and the bot are driven the same way.

export type TargetName = 'F1' | 'F2' | 'bot';

export interface Target {
  name: TargetName;
  /** Where Slack posts events and commands. */
  url: string;
  /** True for the bot: scenarios declare an incident through `/incident start` instead of using a plain channel. */
  runsIncidents: boolean;
  /** Timeline notes a fresh read sees for the incident run in `channelId`; absent where nothing keeps a timeline. */
  visibleNotes?(channelId: string): Promise<number>;
  /** Runs one of the bot's scheduled jobs now (the bot only). */
  runJob?(name: string): Promise<void>;
  /** Resolves when work that earlier requests started after their ack has finished. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface TargetEnv {
  dbUri: string;
  /** A fresh name per target, so no target reads another's documents. */
  dbName: string;
  apiUrl: string;
  botToken: string;
  signingSecret: string;
}

export const TARGET_LABEL: Record<TargetName, string> = {
  F1: 'F1 bare Bolt, ack only',
  F2: 'F2 bare Bolt, 1 insert/event',
  bot: 'bot',
};
