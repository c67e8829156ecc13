// One message as Slack lays it out: avatar, author (with APP for the bot and integrations), time in the
// viewer's zone, its text or blocks, attachments, files, reactions, thread link; and ephemeral messages.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Ephemeral, Message } from '../../protocol';
import { Attachments } from '../blocks/attachments';
import { Blocks } from '../blocks/blocks';
import { fullTime, messageTime } from '../text/dateTokens';
import { decodeEntities } from '../text/entities';
import { usePage, type Page } from './context';
import { MessageActions } from './messageActions';
import { Reactions } from './reactions';
import { Mrkdwn } from './textView';

/** Who a message is from, and whether Slack marks it APP (the bot, or a classic integration). */
function author(m: Message, page: Page): { name: string; app: boolean } {
  if (m.username && (m.subtype === 'bot_message' || !m.user)) return { name: m.username, app: true };
  if (m.user === page.session.bot.userId || (m.bot_id && !m.user)) return { name: page.session.bot.name, app: true };
  if (m.user) return { name: page.session.names[m.user] ?? m.user, app: m.bot_id !== undefined };
  return { name: 'Unknown', app: m.bot_id !== undefined };
}

/** A stable color per name, so a person's avatar looks the same everywhere. */
function avatarColor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${hash}, 45%, 45%)`;
}

export function Avatar({ name, app }: { name: string; app: boolean }): ComponentChild {
  return html`<div class=${app ? 'avatar avatar-app' : 'avatar'} style=${{ background: app ? '#4a154b' : avatarColor(name) }} aria-hidden="true">${app ? '🤖' : name.slice(0, 1).toUpperCase()}</div>`;
}

/** Editing one's own message in place: Enter saves, Escape cancels, as in Slack. */
function EditBox({ message, channelId, onDone }: { message: Message; channelId: string; onDone: () => void }): ComponentChild {
  const page = usePage();
  const [text, setText] = useState(decodeEntities(message.text));
  const save = (): void => {
    onDone();
    if (text.trim() && text !== decodeEntities(message.text)) void page.act({ kind: 'edit', channelId, ts: message.ts, text });
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') onDone();
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      save();
    }
  };
  return html`<div class="edit-box">
    <label class="sr-only" for=${`edit-${message.ts}`}>Edit message</label>
    <textarea id=${`edit-${message.ts}`} data-testid="edit-box" class="composer-input" value=${text} autoFocus onKeyDown=${onKeyDown} onInput=${(e: Event) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
    <div class="edit-buttons"><button type="button" class="kit-btn" onClick=${onDone}>Cancel</button><button type="button" class="kit-btn kit-btn-primary" onClick=${save}>Save</button></div>
  </div>`;
}

function FileCards({ files }: { files: NonNullable<Message['files']> }): ComponentChild {
  const page = usePage();
  return html`<div class="files">
    ${files.map((f) => html`<button type="button" key=${f.id} class="file-card" data-testid="file-card" data-file-id=${f.id} onClick=${() => page.openFile(f.id)}>
      <span class="file-icon" aria-hidden="true">📄</span><span class="file-meta"><span class="file-title">${f.title || f.name}</span><span class="file-name">${f.name}</span></span>
    </button>`)}
  </div>`;
}

interface MessageProps {
  message: Message;
  channelId: string;
  pinned: boolean;
  inThread: boolean;
}

export function MessageItem({ message: m, channelId, pinned, inThread }: MessageProps): ComponentChild {
  const page = usePage();
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const who = author(m, page);
  const blocks = m.blocks ?? [];
  const target = { channelId, ts: m.ts };
  return html`<div class=${`msg ${pinned ? 'msg-pinned' : ''}`} data-testid="message" data-ts=${m.ts} id=${`msg-${m.ts}`}>
    ${pinned && html`<div class="msg-pin-note">📌 Pinned</div>`}
    <div class="msg-row">
      <${Avatar} name=${who.name} app=${who.app} />
      <div class="msg-body">
        <div class="msg-head">
          <span class="msg-author">${who.name}</span>${who.app && html`<span class="badge-app">APP</span>`}
          <time class="msg-time" title=${fullTime(Number(m.ts), page.me.tz)}>${messageTime(m.ts, page.me.tz)}</time>
        </div>
        ${editing
          ? html`<${EditBox} message=${m} channelId=${channelId} onDone=${() => setEditing(false)} />`
          : html`<div class="msg-content">
              ${blocks.length > 0 ? html`<${Blocks} blocks=${blocks} target=${target} />` : html`<${Mrkdwn} text=${m.text} />`}
              ${m.edited && html`<span class="msg-edited" title=${fullTime(Number(m.edited.ts), page.me.tz)}>(edited)</span>`}
            </div>`}
        ${m.attachments && m.attachments.length > 0 && html`<${Attachments} attachments=${m.attachments} target=${target} />`}
        ${m.files && m.files.length > 0 && html`<${FileCards} files=${m.files} />`}
        <${Reactions} message=${m} channelId=${channelId} onAdd=${() => setPicking(true)} />
        ${!inThread && (m.reply_count ?? 0) > 0 && html`<button type="button" class="thread-link" data-testid="thread-link" onClick=${() => page.openThread(channelId, m.ts)}>
          ${m.reply_count} ${m.reply_count === 1 ? 'reply' : 'replies'}${m.latest_reply && html`<span class="thread-last"> Last reply ${messageTime(m.latest_reply, page.me.tz)}</span>`}
        </button>`}
      </div>
    </div>
    <${MessageActions} message=${m} channelId=${channelId} inThread=${inThread} picking=${picking} setPicking=${setPicking} onEdit=${() => setEditing(true)} />
  </div>`;
}

/** What the app showed only to this person; Dismiss hides it here, as Slack's does. */
export function EphemeralItem({ eph, channelId, onDismiss }: { eph: Ephemeral; channelId: string; onDismiss: () => void }): ComponentChild {
  const page = usePage();
  const blocks = eph.blocks ?? [];
  return html`<div class="msg msg-ephemeral" data-testid="ephemeral" data-ts=${eph.ts}>
    <div class="msg-row">
      <${Avatar} name=${page.session.bot.name} app=${true} />
      <div class="msg-body">
        <div class="msg-head">
          <span class="msg-author">${page.session.bot.name}</span><span class="badge-app">APP</span>
          <time class="msg-time">${messageTime(eph.ts, page.me.tz)}</time>
        </div>
        <div class="msg-content">
          ${blocks.length > 0 ? html`<${Blocks} blocks=${blocks} target=${{ channelId, ephemeralTs: eph.ts }} />` : html`<${Mrkdwn} text=${eph.text ?? ''} />`}
        </div>
        <div class="ephemeral-note"><span aria-hidden="true">👁</span> Only visible to you <button type="button" class="link-btn" data-testid="dismiss-ephemeral" onClick=${onDismiss}>Dismiss</button></div>
      </div>
    </div>
  </div>`;
}
