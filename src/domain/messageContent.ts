import { decodeSlackText, encodeMarkupPart, typedText } from './slackText';

/**
 * What a channel message says and who said it, from the parts Slack sends
 * (already checked by the adapter, still entity-encoded): people write `text`;
 * bots and integrations (Datadog, PagerDuty, a deploy bot) often send `text:
 * ''` and put everything in Block Kit `blocks` or legacy `attachments`, and
 * name themselves per message (`username`, `bot_profile`). The result is in
 * the transcript's form: typed text decoded once, Slack's markup kept.
 */

export interface TextObject {
  type: string;
  text: string;
}

/** A rich_text element or a context element: the fields the bot reads of either. */
export interface RichElement {
  type: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  usergroup_id?: string;
  range?: string;
  url?: string;
  name?: string;
  fallback?: string;
  style?: string;
  elements?: RichElement[];
}

export interface BlockPart {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: RichElement[];
}

export interface AttachmentPart {
  pretext?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: Array<{ title?: string; value?: string }>;
  fallback?: string;
  author_name?: string;
  blocks?: BlockPart[];
}

export interface FilePart {
  name?: string;
  title?: string;
  permalink?: string;
  url_private?: string;
}

/** A message as Slack sends it (event or history), the parts the transcript keeps. */
export interface SlackMessage {
  subtype?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  bot_profile?: { name?: string };
  text?: string;
  blocks?: BlockPart[];
  attachments?: AttachmentPart[];
  files?: FilePart[];
}

export interface MessageFile {
  name: string;
  link?: string;
}

/** What the transcript keeps of a message: its author and its content. */
export interface MessageRecord {
  /** The person, or a newer app's bot user; '' for a classic integration, which posts with no user. */
  userId: string;
  botId?: string;
  /** A bot's or integration's own name for itself, as the message gives it. */
  authorName?: string;
  text: string;
  files: MessageFile[];
}

/** Subtypes that are someone saying something; the others are Slack's own (joins, topics, tombstones …). */
const CONTENT_SUBTYPES = new Set(['bot_message', 'thread_broadcast', 'file_share', 'me_message']);

export const carriesContent = (subtype: string | undefined): boolean => subtype === undefined || CONTENT_SUBTYPES.has(subtype);

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Text with no markup of its own (plain_text, a rich text run, a title): every `<` in it is typed. */
const plain = (encoded: string): string => typedText(decode(encoded));

/** A part put inside a markup token (a link, a label), encoded once whether Slack sent it encoded or not. */
const part = (s: string): string => encodeMarkupPart(decode(s));

const textObject = (t: TextObject | undefined): string => (!t ? '' : t.type === 'mrkdwn' ? decodeSlackText(t.text) : plain(t.text));

const lines = (parts: readonly string[]): string => parts.filter((p) => p.trim() !== '').join('\n');

function inline(elements: readonly RichElement[] | undefined): string {
  return (elements ?? [])
    .map((e) => {
      switch (e.type) {
        case 'text':
          return plain(e.text ?? '');
        case 'link':
          return e.url ? `<${part(e.url)}${e.text ? `|${part(e.text)}` : ''}>` : plain(e.text ?? '');
        case 'user':
          return e.user_id ? `<@${e.user_id}>` : '';
        case 'channel':
          return e.channel_id ? `<#${e.channel_id}>` : '';
        case 'usergroup':
          return e.usergroup_id ? `<!subteam^${e.usergroup_id}>` : '';
        case 'broadcast':
          return e.range ? `<!${e.range}>` : '';
        case 'emoji':
          return e.name ? `:${e.name}:` : '';
        case 'date':
          return plain(e.fallback ?? '');
        default:
          return plain(e.text ?? '');
      }
    })
    .join('');
}

function richText(elements: readonly RichElement[] | undefined): string {
  return lines(
    (elements ?? []).map((e) => {
      if (e.type === 'rich_text_list') return lines((e.elements ?? []).map((item, i) => `${e.style === 'ordered' ? `${i + 1}.` : '-'} ${inline(item.elements)}`));
      if (e.type === 'rich_text_quote') return `> ${inline(e.elements)}`;
      return inline(e.elements);
    }),
  );
}

/** The words a message's blocks show, block by block. */
export function blocksText(blocks: readonly BlockPart[] | undefined): string {
  return lines(
    (blocks ?? []).map((b) => {
      switch (b.type) {
        case 'rich_text':
          return richText(b.elements);
        case 'section':
          return lines([textObject(b.text), ...(b.fields ?? []).map(textObject)]);
        case 'header':
          return textObject(b.text);
        case 'context':
          return (b.elements ?? [])
            .flatMap((e) => (e.type === 'mrkdwn' || e.type === 'plain_text' ? [textObject({ type: e.type, text: e.text ?? '' })] : []))
            .filter((t) => t !== '')
            .join(' ');
        default:
          return ''; // dividers, images, buttons: nothing to read
      }
    }),
  );
}

/** The words of legacy attachments; an attachment's fallback only when it shows nothing else. */
export function attachmentsText(attachments: readonly AttachmentPart[] | undefined): string {
  return lines(
    (attachments ?? []).map((a) => {
      const title = a.title ? (a.title_link ? `<${part(a.title_link)}|${part(a.title)}>` : plain(a.title)) : '';
      const shown = lines([
        decodeSlackText(a.pretext ?? ''),
        title,
        decodeSlackText(a.text ?? ''),
        ...(a.fields ?? []).map((f) => [plain(f.title ?? ''), decodeSlackText(f.value ?? '')].filter((s) => s !== '').join(': ')),
        blocksText(a.blocks),
      ]);
      return shown || decodeSlackText(a.fallback ?? '');
    }),
  );
}

/** Its text; else what its blocks show; else what its attachments show. */
export function messageText(m: SlackMessage): string {
  const text = decodeSlackText(m.text ?? '');
  if (text.trim() !== '') return text;
  return blocksText(m.blocks) || attachmentsText(m.attachments);
}

/** Who posted a message: the person, or the bot or integration by the name it gives itself. */
export function messageAuthor(m: SlackMessage): Pick<MessageRecord, 'userId' | 'botId' | 'authorName'> {
  const userId = m.user ?? '';
  if (m.bot_id === undefined && m.subtype !== 'bot_message') return { userId };
  const name = [m.username, m.bot_profile?.name, ...(m.attachments ?? []).map((a) => a.author_name)].find((n) => n !== undefined && n.trim() !== '');
  return { userId, ...(m.bot_id ? { botId: m.bot_id } : {}), ...(name ? { authorName: name.trim() } : {}) };
}

export function messageFiles(files: readonly FilePart[] | undefined): MessageFile[] {
  return (files ?? []).map((f) => {
    const link = f.permalink ?? f.url_private;
    return { name: f.name || f.title || 'file', ...(link ? { link } : {}) };
  });
}

export function readMessage(m: SlackMessage): MessageRecord {
  return { ...messageAuthor(m), text: messageText(m), files: messageFiles(m.files) };
}

/** A message's content as one text (stored form): what it says, then a line for each of its files. */
export function contentText(m: { text: string; files?: readonly MessageFile[] }): string {
  const notes = (m.files ?? []).map((f) => `file: ${f.link ? `<${part(f.link)}|${encodeMarkupPart(f.name)}>` : typedText(f.name)}`);
  return lines([m.text, ...notes]);
}

/** Whether two stored versions of a message say the same (reconciliation rewrites only what changed). */
export function sameContent(a: Omit<MessageRecord, 'files'> & { files?: readonly MessageFile[] }, b: MessageRecord): boolean {
  const files = (x: readonly MessageFile[] | undefined) => JSON.stringify((x ?? []).map((f) => [f.name, f.link ?? '']));
  return a.text === b.text && a.userId === b.userId && (a.botId ?? '') === (b.botId ?? '') && (a.authorName ?? '') === (b.authorName ?? '') && files(a.files) === files(b.files);
}
