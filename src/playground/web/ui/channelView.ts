// A conversation as the person sees it: header, pinned messages, the messages and their own ephemerals in
// time order, and the message box (or a Join button for a public channel they are not in).

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Conversation, Ephemeral, Message } from '../../protocol';
import { formatDateTokens } from '../text/dateTokens';
import { asQuery, getJson } from './api';
import { Composer } from './composer';
import { usePage } from './context';
import { EphemeralItem, MessageItem } from './message';
import { PinBar } from './pinBar';
import { Mrkdwn } from './textView';
import { useData } from './useData';

/** Ephemerals dismissed on this page, per person: hidden before the server's answer comes back. */
const dismissed = new Map<string, Set<string>>();

type Row = { kind: 'message'; ts: string; message: Message } | { kind: 'ephemeral'; ts: string; eph: Ephemeral };

function Header({ c }: { c: Conversation }): ComponentChild {
  const page = usePage();
  const name = c.kind === 'im' ? page.session.names[c.name] ?? c.name : c.name;
  return html`<header class="channel-header" data-testid="channel-header">
    <div class="channel-title">
      <h1>${c.kind === 'private' ? '🔒 ' : c.kind === 'im' ? '' : '# '}${name}</h1>
      ${c.topic && html`<div class="channel-topic" data-testid="channel-topic"><${Mrkdwn} text=${c.topic} /></div>`}
    </div>
    <span class="member-count" data-testid="member-count" title=${c.members.map((m) => page.session.names[m] ?? m).join(', ')}>👥 ${c.members.length}</span>
    ${!c.isMember && c.kind === 'channel' && html`<button type="button" class="kit-btn kit-btn-primary" data-testid="join-channel" onClick=${() => void page.act({ kind: 'join', channelId: c.id })}>Join</button>`}
  </header>`;
}

/** Keeps the list scrolled to the newest message while the reader is at the bottom, as Slack does. */
function useStickToBottom(key: string, size: number): { ref: { current: HTMLDivElement | null }; onScroll: () => void } {
  const ref = useRef<HTMLDivElement | null>(null);
  const stick = useRef(true);
  const lastKey = useRef(key);
  if (lastKey.current !== key) {
    lastKey.current = key;
    stick.current = true;
  }
  useLayoutEffect(() => {
    if (stick.current && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [key, size]);
  const onScroll = (): void => {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };
  return { ref, onScroll };
}

export function ChannelView({ channelId }: { channelId: string }): ComponentChild {
  const page = usePage();
  const key = `${channelId}|${page.me.id}`;
  const { data: c, error } = useData(key, page.version, () => getJson<Conversation>(`/api/conversations/${encodeURIComponent(channelId)}?${asQuery(page.me.id)}`));
  const [, setDismissCount] = useState(0);
  const hidden = dismissed.get(page.me.id) ?? new Set<string>();
  const rows: Row[] = c
    ? [
        ...c.messages.map((m): Row => ({ kind: 'message', ts: m.ts, message: m })),
        ...c.ephemerals.filter((e) => !hidden.has(e.ts)).map((e): Row => ({ kind: 'ephemeral', ts: e.ts, eph: e })),
      ].sort((a, b) => Number(a.ts) - Number(b.ts))
    : [];
  const { ref, onScroll } = useStickToBottom(key, rows.length + (c?.messages.reduce((n, m) => n + (m.reply_count ?? 0) + (m.reactions?.length ?? 0), 0) ?? 0));
  if (!c) return html`<section class="channel"><div class="loading">${error ?? 'Loading…'}</div></section>`;

  // Hidden at once here; the server forgets it too, so it stays gone after a reload.
  const dismiss = (ts: string): void => {
    dismissed.set(page.me.id, new Set([...hidden, ts]));
    setDismissCount((n) => n + 1);
    void page.act({ kind: 'dismiss', channelId, ts });
  };
  let lastDay = '';
  const dayOf = (ts: string): string => formatDateTokens(Number(ts), '{date_long_pretty}', page.me.tz, page.text.now) ?? '';
  const placeholder = c.kind === 'im' ? `Message ${page.session.names[c.name] ?? c.name}` : `Message ${c.kind === 'private' ? '🔒' : '#'}${c.name}`;
  return html`<section class="channel" data-testid="channel-view" data-channel=${c.name} data-channel-id=${c.id}>
    <${Header} c=${c} />
    <${PinBar} c=${c} />
    <div class="message-list" ref=${ref} onScroll=${onScroll} data-testid="message-list">
      ${rows.length === 0 && html`<div class="empty">This is the very beginning of ${c.kind === 'im' ? 'your direct messages' : `#${c.name}`}.</div>`}
      ${rows.map((row) => {
        const day = dayOf(row.ts);
        const divider = day !== lastDay ? html`<div class="day-divider" key=${`day-${row.ts}`}><span>${day}</span></div>` : null;
        lastDay = day;
        const item = row.kind === 'message'
          ? html`<${MessageItem} key=${row.ts} message=${row.message} channelId=${c.id} pinned=${c.pins.includes(row.ts)} inThread=${false} />`
          : html`<${EphemeralItem} key=${`e${row.ts}`} eph=${row.eph} channelId=${c.id} onDismiss=${() => dismiss(row.eph.ts)} />`;
        return [divider, item];
      })}
    </div>
    ${c.isMember || c.kind !== 'channel'
      ? html`<${Composer} key=${c.id} channelId=${c.id} placeholder=${placeholder} testId="message-box" />`
      : html`<div class="join-bar">You are viewing <b>#${c.name}</b>. <button type="button" class="kit-btn kit-btn-primary" data-testid="join-channel-bottom" onClick=${() => void page.act({ kind: 'join', channelId: c.id })}>Join channel</button></div>`}
  </section>`;
}
