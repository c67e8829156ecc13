// The channel's pinned messages, under the header: a count that opens the list; each entry jumps to its
// message. It follows the conversation, so a pin made by the bot shows up live.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Conversation, Message } from '../../protocol';
import { blocksText, parseMrkdwn } from '../text/mrkdwn';
import { usePage } from './context';

/** One line of a pinned message: its text (the fallback Slack requires beside blocks), shortened. */
function preview(m: Message | undefined, text: (s: string) => string): string {
  if (!m) return 'A message not loaded here';
  const shown = text(m.text) || 'A message with blocks';
  return shown.length > 140 ? `${shown.slice(0, 139)}…` : shown;
}

export function PinBar({ c }: { c: Conversation }): ComponentChild {
  const page = usePage();
  const [open, setOpen] = useState(false);
  if (c.pins.length === 0) return null;
  const text = (s: string): string => blocksText(parseMrkdwn(s, page.text)).replace(/\s+/g, ' ').trim();
  const jump = (ts: string): void => {
    setOpen(false);
    document.getElementById(`msg-${ts}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };
  return html`<div class="pin-bar" data-testid="pin-bar">
    <button type="button" class="pin-toggle" aria-expanded=${open} onClick=${() => setOpen(!open)}>📌 ${c.pins.length} pinned</button>
    ${!open && html`<button type="button" class="pin-latest" onClick=${() => jump(c.pins[c.pins.length - 1] ?? '')}>${preview(c.messages.find((m) => m.ts === c.pins[c.pins.length - 1]), text)}</button>`}
    ${open && html`<ul class="pin-list">
      ${c.pins.map((ts) => html`<li key=${ts}><button type="button" class="pin-item" data-testid="pinned-message" data-ts=${ts} onClick=${() => jump(ts)}>${preview(c.messages.find((m) => m.ts === ts), text)}</button></li>`)}
    </ul>`}
  </div>`;
}
