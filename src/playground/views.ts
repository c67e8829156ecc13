// What the page shows, read from the local Slack as one person sees it: the conversations they may see, a
// conversation's messages and their own ephemeral ones, a thread, their open modal and App Home, a file.
import MarkdownIt from 'markdown-it';
import type { LocalSlack } from '../localSlack/localSlack';
import { wireMessage, type Channel, type StoredMessage } from '../localSlack/standInModel';
import type { Conversation, ConversationSummary, FileView, Message, Surfaces, Thread } from './protocol';

/** Raw HTML in a draft is shown as text, never kept: the draft quotes what people typed. */
const markdown = new MarkdownIt({ html: false, linkify: true });

export class NotVisible extends Error {}

const message = (m: StoredMessage): Message => wireMessage(m) as unknown as Message;

function summary(slack: LocalSlack, c: Channel, userId: string): ConversationSummary {
  return {
    id: c.id,
    name: c.isIm ? (slack.user(slack.botUserId)?.realName ?? 'app') : c.name,
    kind: c.isIm ? 'im' : c.isPrivate ? 'private' : 'channel',
    isMember: c.members.includes(userId),
    createdByBot: c.creator === slack.botUserId,
    created: c.created,
  };
}

export function conversationsOf(slack: LocalSlack, userId: string): ConversationSummary[] {
  return slack.channelsOf(userId).map((c) => summary(slack, c, userId));
}

function visible(slack: LocalSlack, channelId: string, userId: string): Channel {
  const channel = slack.channel(channelId);
  if (!channel || !slack.state.canSee(channel, userId)) throw new NotVisible(`no conversation ${channelId} for ${userId}`);
  return channel;
}

export function conversationOf(slack: LocalSlack, channelId: string, userId: string): Conversation {
  const channel = visible(slack, channelId, userId);
  return {
    ...summary(slack, channel, userId),
    topic: channel.topic.value,
    purpose: channel.purpose.value,
    members: [...channel.members],
    pins: [...channel.pins],
    messages: slack.messages(channel.id).map(message),
    ephemerals: slack.ephemerals
      .filter((e) => e.channel === channel.id && e.user === userId)
      .map((e) => ({ ts: e.messageTs, ...(e.text !== undefined ? { text: e.text } : {}), ...(Array.isArray(e.blocks) ? { blocks: e.blocks as unknown[] } : {}) })),
  };
}

export function threadOf(slack: LocalSlack, channelId: string, ts: string, userId: string): Thread {
  const channel = visible(slack, channelId, userId);
  const parent = slack.messages(channel.id).find((m) => m.ts === ts);
  if (!parent) throw new NotVisible(`no message ${ts} in ${channelId}`);
  return { parent: message(parent), replies: parent.replies.map(message) };
}

export function surfacesOf(slack: LocalSlack, userId: string): Surfaces {
  const open = slack.views.filter((v) => !v.closed && v.userId === userId).at(-1);
  return { modal: open ? { viewId: open.id, view: open.view } : null, home: slack.home(userId) ?? null };
}

/** When the file was shared: the ts of the message that carries it. */
function sharedAt(slack: LocalSlack, fileId: string, channels: string[]): number {
  for (const channelId of channels) {
    const m = slack.messages(channelId).find((msg) => msg.files?.some((f) => f.id === fileId));
    if (m) return Number(m.ts);
  }
  return 0;
}

export function fileOf(slack: LocalSlack, fileId: string, userId: string): FileView {
  const file = slack.file(fileId);
  if (!file || !file.completed) throw new NotVisible(`no file ${fileId}`);
  const sharedWithThem = file.channels.some((id) => {
    const channel = slack.channel(id);
    return channel !== undefined && slack.state.canSee(channel, userId);
  });
  if (!sharedWithThem) throw new NotVisible(`file ${fileId} is not shared with ${userId}`);
  const isText = /\.(md|markdown|txt|json|csv|log)$/i.test(file.filename);
  const text = isText ? file.content.toString('utf8') : null;
  const versions = slack.files
    .filter((f) => f.completed && f.filename === file.filename && f.channels.some((c) => file.channels.includes(c)))
    .map((f) => ({ id: f.id, title: f.title, created: sharedAt(slack, f.id, f.channels) }))
    .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
  return {
    id: file.id,
    name: file.filename,
    title: file.title,
    size: file.content.length,
    channels: [...file.channels],
    text,
    html: text !== null && /\.(md|markdown)$/i.test(file.filename) ? markdown.render(text) : null,
    versions,
    downloadUrl: `/files/${file.id}/download`,
  };
}
