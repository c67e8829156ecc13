// The toolbar that appears over a message on hover: react, reply in thread, and "More actions" with edit and
// delete and the app's message shortcuts.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Message } from '../../protocol';
import { usePage } from './context';
import { ReactionPicker } from './reactions';

interface Props {
  message: Message;
  channelId: string;
  inThread: boolean;
  /** The picker is open (from the toolbar or the reactions row). */
  picking: boolean;
  setPicking: (open: boolean) => void;
  onEdit: () => void;
}

export function MessageActions({ message, channelId, inThread, picking, setPicking, onEdit }: Props): ComponentChild {
  const page = usePage();
  const [menu, setMenu] = useState(false);
  // A popover opens upward for a message in the lower half of the window, so the list never clips it.
  const bar = useRef<HTMLDivElement | null>(null);
  const [up, setUp] = useState(false);
  useLayoutEffect(() => {
    if (picking || menu) setUp((bar.current?.parentElement?.getBoundingClientRect().top ?? 0) > window.innerHeight / 2);
  }, [picking, menu]);
  const own = message.user === page.me.id;
  const shortcuts = page.session.shortcuts.filter((s) => s.type === 'message');
  const react = (name: string): void => {
    setPicking(false);
    const already = message.reactions?.some((r) => r.name === name && r.users.includes(page.me.id)) ?? false;
    void page.act({ kind: already ? 'unreact' : 'react', channelId, ts: message.ts, name });
  };
  const remove = (): void => {
    setMenu(false);
    if (window.confirm(own ? 'Delete this message?' : 'Delete this message as a workspace admin?')) void page.act({ kind: 'delete', channelId, ts: message.ts });
  };
  const shortcut = (callbackId: string): void => {
    setMenu(false);
    void page.act({ kind: 'shortcut', channelId, ts: message.ts, callbackId });
  };
  return html`<div ref=${bar} class=${`msg-actions ${picking || menu ? 'msg-actions-open' : ''} ${up ? 'msg-actions-up' : ''}`} data-testid="message-actions">
    <button type="button" class="icon-btn" data-testid="react-button" aria-label="Add reaction" title="Add reaction" onClick=${() => { setMenu(false); setPicking(!picking); }}>☺</button>
    ${!inThread && html`<button type="button" class="icon-btn" data-testid="reply-button" aria-label="Reply in thread" title="Reply in thread" onClick=${() => page.openThread(channelId, message.ts)}>💬</button>`}
    <button type="button" class="icon-btn" data-testid="more-actions" aria-label="More actions" title="More actions" aria-expanded=${menu} onClick=${() => { setPicking(false); setMenu(!menu); }}>⋮</button>
    ${picking && html`<${ReactionPicker} onPick=${react} onClose=${() => setPicking(false)} />`}
    ${menu && html`<div class="popover more-menu" role="menu" onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setMenu(false)}>
      ${own && html`<button type="button" role="menuitem" data-testid="menu-edit" onClick=${() => { setMenu(false); onEdit(); }}>Edit message</button>`}
      <button type="button" role="menuitem" class="danger" data-testid="menu-delete" onClick=${remove}>${own ? 'Delete message' : 'Delete message (admin)'}</button>
      ${shortcuts.length > 0 && html`<div class="menu-heading">${page.session.bot.name}</div>`}
      ${shortcuts.map((s) => html`<button type="button" role="menuitem" key=${s.callbackId} data-shortcut=${s.callbackId} onClick=${() => shortcut(s.callbackId)}>${s.name}</button>`)}
    </div>`}
  </div>`;
}
