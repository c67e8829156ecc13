// The thread pane on the right: the parent message, its replies, and a reply box.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import type { Thread } from '../../protocol';
import { asQuery, getJson } from './api';
import { Composer } from './composer';
import { usePage } from './context';
import { MessageItem } from './message';
import { useData } from './useData';

export function ThreadPane({ channelId, ts, onClose }: { channelId: string; ts: string; onClose: () => void }): ComponentChild {
  const page = usePage();
  const key = `${channelId}/${ts}|${page.me.id}`;
  const path = `/api/conversations/${encodeURIComponent(channelId)}/thread/${encodeURIComponent(ts)}?${asQuery(page.me.id)}`;
  const { data: thread, error } = useData(key, page.version, () => getJson<Thread>(path));
  const channel = page.conversations.find((c) => c.id === channelId);
  return html`<aside class="thread-pane" data-testid="thread-pane" data-thread-ts=${ts} aria-label="Thread">
    <header class="thread-header">
      <div><h2>Thread</h2>${channel && html`<span class="thread-channel">${channel.kind === 'private' ? '🔒' : '#'}${channel.name}</span>`}</div>
      <button type="button" class="icon-btn" data-testid="close-thread" aria-label="Close thread" onClick=${onClose}>✕</button>
    </header>
    <div class="thread-body">
      ${!thread && html`<div class="loading">${error ?? 'Loading…'}</div>`}
      ${thread && html`<${MessageItem} message=${thread.parent} channelId=${channelId} pinned=${false} inThread=${true} />
        <div class="thread-count">${thread.replies.length} ${thread.replies.length === 1 ? 'reply' : 'replies'}</div>
        ${thread.replies.map((m) => html`<${MessageItem} key=${m.ts} message=${m} channelId=${channelId} pinned=${false} inThread=${true} />`)}`}
    </div>
    <${Composer} key=${key} channelId=${channelId} threadTs=${ts} placeholder="Reply…" testId="thread-box" />
  </aside>`;
}
