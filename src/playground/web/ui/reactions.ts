// Reactions under a message (click toggles the viewer's own) and the picker that adds one: the timeline's
// reactions first, each with the category it files a message under, then common ones, then any name typed.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Message } from '../../protocol';
import { COMMON_REACTIONS, emojiFor } from '../text/emoji';
import { usePage } from './context';

const shown = (name: string): string => emojiFor(name) ?? `:${name}:`;

export function Reactions({ message, channelId, onAdd }: { message: Message; channelId: string; onAdd: () => void }): ComponentChild {
  const page = usePage();
  const reactions = message.reactions ?? [];
  if (reactions.length === 0) return null;
  return html`<div class="reactions">
    ${reactions.map((r) => {
      const mine = r.users.includes(page.me.id);
      const who = r.users.map((u) => page.session.names[u] ?? u).join(', ');
      const toggle = (): void => void page.act({ kind: mine ? 'unreact' : 'react', channelId, ts: message.ts, name: r.name });
      return html`<button type="button" key=${r.name} class=${mine ? 'reaction reaction-mine' : 'reaction'} data-testid="reaction" data-reaction=${r.name}
        aria-pressed=${mine} title=${`${who} reacted with :${r.name}:`} onClick=${toggle}>
        <span class="emoji">${shown(r.name)}</span> <span class="reaction-count">${r.count}</span>
      </button>`;
    })}
    <button type="button" class="reaction reaction-add" aria-label="Add reaction" onClick=${onAdd}>☺+</button>
  </div>`;
}

/** Emoji names as Slack takes them: lowercase, no colons. */
const normalize = (name: string): string => name.trim().replace(/^:|:$/g, '').toLowerCase();

export function ReactionPicker({ onPick, onClose }: { onPick: (name: string) => void; onClose: () => void }): ComponentChild {
  const page = usePage();
  const [typed, setTyped] = useState('');
  const timeline = page.session.timelineReactions;
  const others = COMMON_REACTIONS.filter((n) => !timeline.some((t) => t.name === n));
  const submit = (e: Event): void => {
    e.preventDefault();
    const name = normalize(typed);
    if (name) onPick(name);
  };
  return html`<div class="popover reaction-picker" data-testid="reaction-picker" role="dialog" aria-label="Add a reaction"
      onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && onClose()}>
    <div class="picker-heading">Timeline reactions</div>
    <div class="picker-timeline">
      ${timeline.map((t) => html`<button type="button" key=${t.name} class="picker-timeline-item" data-reaction=${t.name} onClick=${() => onPick(t.name)}>
        <span class="emoji">${shown(t.name)}</span><span class="picker-name">:${t.name}:</span><span class="picker-category">${t.category}</span>
      </button>`)}
    </div>
    <div class="picker-heading">Frequently used</div>
    <div class="picker-grid">
      ${others.map((n) => html`<button type="button" key=${n} class="picker-emoji" data-reaction=${n} title=${`:${n}:`} onClick=${() => onPick(n)}>${shown(n)}</button>`)}
    </div>
    <form class="picker-form" onSubmit=${submit}>
      <label class="sr-only" for="picker-name">Emoji name</label>
      <input id="picker-name" class="kit-text" placeholder="Any emoji by name, e.g. heavy_check_mark" value=${typed} onInput=${(e: Event) => setTyped((e.currentTarget as HTMLInputElement).value)} autoFocus />
      <button type="submit" class="kit-btn">Add</button>
    </form>
  </div>`;
}
