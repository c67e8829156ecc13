// The stand-in's workspace as tests read and arrange it: people, channels, messages, files, the clock.
// A thin face over StandInState, kept apart from the server (standIn.ts) so each file keeps one concern.
import type { AddChannelInput, AddUserInput, Channel, Ephemeral, OpenedView, StoredFile, StoredMessage, User } from './standInModel';
import type { StandInState } from './standInState';
import { homesOf } from './webApiHome';

export class StandInWorkspace {
  constructor(readonly state: StandInState) {}

  get botUserId(): string {
    return this.state.botUserId;
  }

  get botId(): string {
    return this.state.botId;
  }

  get teamId(): string {
    return this.state.teamId;
  }

  nowSec(): number {
    return this.state.nowSec();
  }
  setClock(fn: () => number): void {
    this.state.setClock(fn);
  }
  addUser(input: AddUserInput): User {
    return this.state.addUser(input);
  }
  user(id: string): User | undefined {
    return this.state.user(id);
  }
  addChannel(input: AddChannelInput): Channel {
    return this.state.addChannel(input);
  }
  channel(id: string): Channel | undefined {
    return this.state.channel(id);
  }
  channelByName(name: string): Channel | undefined {
    return this.state.channelByName(name);
  }
  messages(channelId: string): StoredMessage[] {
    return this.state.messages(channelId);
  }
  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.state.message(channelId, ts);
  }
  pins(channelId: string): string[] {
    return [...(this.state.channel(channelId)?.pins ?? [])];
  }
  get files(): StoredFile[] {
    return this.state.allFiles();
  }
  file(id: string): StoredFile | undefined {
    return this.state.file(id);
  }
  get ephemerals(): Ephemeral[] {
    return this.state.ephemerals;
  }

  /** The conversations a person sees (StandInState.canSee): channels, then their direct message with the bot. */
  channelsOf(userId: string): Channel[] {
    return [...this.state.allChannels(), ...this.state.imsOf(userId)].filter((c) => this.state.canSee(c, userId));
  }

  /** The App Home this person sees: the view the app last published for them. */
  home(userId: string): Record<string, unknown> | undefined {
    return homesOf(this.state).get(userId)?.view;
  }

  /** How many times the app published this person's App Home. */
  homePublishes(userId: string): number {
    return homesOf(this.state).get(userId)?.publishes ?? 0;
  }

  /** Modals the app opened (views.open), oldest first. */
  get views(): OpenedView[] {
    return this.state.views;
  }
}
