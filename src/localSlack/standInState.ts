// The stand-in's workspace: users, channels, messages, files, and the clock that mints message ts.
// Kept free of HTTP so the Web API handlers and the user-action helpers share one source of truth.
import { canSee, compareTs, isValidTs, microsToTs } from './standInModel';
import type { AddChannelInput, AddUserInput, Channel, Ephemeral, IssuedTrigger, Located, OpenedView, StateOptions, StoredFile, StoredMessage, User } from './standInModel';

function pad7(n: number): string {
  return String(n).padStart(7, '0');
}

export class StandInState {
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly systemMessages: boolean;
  readonly ephemerals: Ephemeral[] = [];
  readonly views: OpenedView[] = [];
  readonly triggers = new Map<string, IssuedTrigger>();

  private clock: () => number = () => Date.now() / 1000;
  private lastGeneratedMicros = 0;
  private readonly usedTs = new Set<string>();
  private readonly users = new Map<string, User>();
  private readonly channelsById = new Map<string, Channel>();
  private readonly history = new Map<string, StoredMessage[]>();
  private readonly fileStore = new Map<string, StoredFile>();
  private counters = { user: 0, channel: 0, file: 0, view: 0 };

  constructor(opts: StateOptions) {
    this.botUserId = opts.botUserId;
    this.botId = opts.botId;
    this.teamId = opts.teamId;
    this.systemMessages = opts.systemMessages;
    this.addUser({ id: opts.botUserId, name: 'incidentbot', realName: 'Incident Bot', isBot: true });
  }

  /** Back to a workspace with only the bot in it (the playground's reset); the clock stays. */
  clear(): void {
    for (const list of [this.ephemerals, this.views]) list.length = 0;
    for (const map of [this.triggers, this.usedTs, this.users, this.channelsById, this.history, this.fileStore]) map.clear();
    this.counters = { user: 0, channel: 0, file: 0, view: 0 };
    this.addUser({ id: this.botUserId, name: 'incidentbot', realName: 'Incident Bot', isBot: true });
  }

  /** A new view id: ids stay unique when old views are let go. */
  nextViewId(): string {
    return `V${pad7(++this.counters.view)}`;
  }

  // ---- clock -------------------------------------------------------------------------------

  nowSec(): number {
    return this.clock();
  }

  setClock(fn: () => number): void {
    this.clock = fn;
  }

  /** A fresh ts from the clock, bumped so it is unique and later than every ts minted before. */
  nextTs(): string {
    let micros = Math.max(Math.floor(this.clock() * 1_000_000), this.lastGeneratedMicros + 1);
    while (this.usedTs.has(microsToTs(micros))) micros += 1;
    this.lastGeneratedMicros = micros;
    const ts = microsToTs(micros);
    this.usedTs.add(ts);
    return ts;
  }

  /** Reserve an explicit (e.g. backdated) ts; a duplicate would make message lookups ambiguous. */
  claimTs(ts: string): string {
    if (!isValidTs(ts)) throw new Error(`stand-in: malformed ts ${JSON.stringify(ts)} (want "1700000000.000100")`);
    if (this.usedTs.has(ts)) throw new Error(`stand-in: ts ${ts} is already used`);
    this.usedTs.add(ts);
    return ts;
  }

  // ---- users -------------------------------------------------------------------------------

  addUser(input: AddUserInput): User {
    const id = input.id ?? `U${pad7(++this.counters.user)}`;
    if (this.users.has(id)) throw new Error(`stand-in: user ${id} already exists`);
    const user: User = {
      id,
      name: input.name,
      realName: input.realName ?? input.name,
      displayName: input.displayName ?? input.name,
      tz: input.tz ?? 'America/New_York',
      isBot: input.isBot ?? false,
      ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
      ...(input.guest !== undefined ? { guest: input.guest } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  allUsers(): User[] {
    return [...this.users.values()];
  }

  // ---- channels ----------------------------------------------------------------------------

  addChannel(input: AddChannelInput, creator?: string): Channel {
    if (this.channelByName(input.name)) throw new Error(`stand-in: channel name ${input.name} is taken`);
    const members = [...(input.members ?? [])];
    for (const m of members) {
      if (!this.users.has(m)) throw new Error(`stand-in: unknown member ${m}; addUser first`);
    }
    if ((input.botIsMember ?? true) && !members.includes(this.botUserId)) members.unshift(this.botUserId);
    const now = Math.floor(this.nowSec());
    const channel: Channel = {
      id: input.id ?? `C${pad7(++this.counters.channel)}`,
      name: input.name,
      isPrivate: input.isPrivate ?? false,
      isArchived: false,
      created: now,
      creator: creator ?? members[0] ?? this.botUserId,
      members,
      topic: { value: '', creator: '', lastSet: 0 },
      purpose: { value: '', creator: '', lastSet: 0 },
      pins: [],
    };
    this.channelsById.set(channel.id, channel);
    this.history.set(channel.id, []);
    return channel;
  }

  channel(id: string): Channel | undefined {
    return this.channelsById.get(id);
  }

  channelByName(name: string): Channel | undefined {
    const bare = name.startsWith('#') ? name.slice(1) : name;
    return [...this.channelsById.values()].find((c) => c.name === bare);
  }

  /** Channels as conversations.list shows them: direct messages are not among them. */
  allChannels(): Channel[] {
    return [...this.channelsById.values()].filter((c) => !c.isIm);
  }

  /**
   * The bot's direct message with a person, opened on first use, as chat.postMessage does when its
   * channel is a user id.
   */
  imWith(userId: string): Channel {
    const found = [...this.channelsById.values()].find((c) => c.isIm && c.members.includes(userId));
    if (found) return found;
    const channel: Channel = {
      id: `D${pad7(++this.counters.channel)}`,
      name: `im-${userId}`,
      isPrivate: true,
      isArchived: false,
      created: Math.floor(this.nowSec()),
      creator: this.botUserId,
      members: [this.botUserId, userId],
      topic: { value: '', creator: '', lastSet: 0 },
      purpose: { value: '', creator: '', lastSet: 0 },
      pins: [],
      isIm: true,
    };
    this.channelsById.set(channel.id, channel);
    this.history.set(channel.id, []);
    return channel;
  }

  /** A person's direct messages with the bot (at most one). */
  imsOf(userId: string): Channel[] {
    return [...this.channelsById.values()].filter((c) => c.isIm && c.members.includes(userId));
  }

  /** Accepts a channel id or a (#)name, as chat.postMessage does. */
  resolveChannel(idOrName: string): Channel | undefined {
    return this.channel(idOrName) ?? this.channelByName(idOrName);
  }

  /** Whether a person sees a conversation (see canSee in standInModel.ts). */
  canSee(channel: Channel, userId: string): boolean {
    return canSee(channel, userId, this.user(userId));
  }

  isMember(channel: Channel, userId: string): boolean {
    return channel.members.includes(userId);
  }

  /** Adds a member, writing the channel_join message Slack would show. */
  join(channel: Channel, userId: string, inviter?: string): void {
    if (channel.members.includes(userId)) return;
    channel.members.push(userId);
    if (this.systemMessages) {
      this.insert(channel.id, {
        ts: this.nextTs(),
        user: userId,
        text: `<@${userId}> has joined the channel`,
        subtype: 'channel_join',
        replies: [],
        reactions: [],
        ...(inviter !== undefined ? { extra: { inviter } } : {}),
      });
    }
  }

  // ---- messages ----------------------------------------------------------------------------

  /** Top-level messages, oldest first; each carries its replies. */
  messages(channelId: string): StoredMessage[] {
    return this.history.get(channelId) ?? [];
  }

  /** Inserts a top-level message keeping ts order (backdated messages land in the middle). */
  insert(channelId: string, msg: StoredMessage): StoredMessage {
    const list = this.history.get(channelId);
    if (!list) throw new Error(`stand-in: no channel ${channelId}`);
    let i = list.length;
    while (i > 0 && compareTs(list[i - 1]!.ts, msg.ts) > 0) i -= 1;
    list.splice(i, 0, msg);
    return msg;
  }

  addReply(parent: StoredMessage, msg: StoredMessage): StoredMessage {
    msg.threadTs = parent.ts;
    msg.parentUserId = parent.user;
    let i = parent.replies.length;
    while (i > 0 && compareTs(parent.replies[i - 1]!.ts, msg.ts) > 0) i -= 1;
    parent.replies.splice(i, 0, msg);
    return msg;
  }

  locate(channelId: string, ts: string): Located | undefined {
    for (const top of this.messages(channelId)) {
      if (top.ts === ts) return { message: top };
      const reply = top.replies.find((r) => r.ts === ts);
      if (reply) return { message: reply, parent: top };
    }
    return undefined;
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.locate(channelId, ts)?.message;
  }

  /** Removes a message the way Slack does: a parent with replies becomes a tombstone. */
  remove(channelId: string, ts: string): StoredMessage | undefined {
    const found = this.locate(channelId, ts);
    if (!found) return undefined;
    const before: StoredMessage = { ...found.message, reactions: [...found.message.reactions] };
    if (found.parent) {
      found.parent.replies = found.parent.replies.filter((r) => r.ts !== ts);
    } else if (found.message.replies.length > 0) {
      Object.assign(found.message, {
        subtype: 'tombstone',
        user: 'USLACKBOT',
        text: 'This message was deleted.',
        reactions: [],
        botId: undefined,
        blocks: undefined,
        attachments: undefined,
        files: undefined,
        edited: undefined,
        extra: { hidden: true, parent_user_id: 'USLACKBOT' },
      });
    } else {
      const list = this.messages(channelId);
      list.splice(list.indexOf(found.message), 1);
    }
    const channel = this.channel(channelId);
    if (channel) channel.pins = channel.pins.filter((p) => p !== ts);
    return before;
  }

  // ---- files -------------------------------------------------------------------------------

  newFile(filename: string, declaredLength: number): StoredFile {
    const file: StoredFile = { id: `F${pad7(++this.counters.file)}`, filename, title: filename, declaredLength, content: Buffer.alloc(0), uploaded: false, completed: false, channels: [] };
    this.fileStore.set(file.id, file);
    return file;
  }

  file(id: string): StoredFile | undefined {
    return this.fileStore.get(id);
  }

  allFiles(): StoredFile[] {
    return [...this.fileStore.values()];
  }
}
