// The message box: Enter sends, Shift+Enter is a new line; text starting with "/" is a slash command, with
// Slack's autocomplete of the app's commands (command, usage hint, description) while the command is typed.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { AppCommand } from '../../protocol';
import { usePage } from './context';

interface Props {
  channelId: string;
  /** Replies go into this thread. */
  threadTs?: string;
  placeholder: string;
  testId: string;
}

/** The commands matching what is typed, while only the command word is typed (no space yet). */
function suggestions(text: string, commands: AppCommand[]): AppCommand[] {
  if (!text.startsWith('/') || /\s/.test(text)) return [];
  return commands.filter((c) => c.command.startsWith(text.toLowerCase()));
}

export function Composer({ channelId, threadTs, placeholder, testId }: Props): ComponentChild {
  const page = usePage();
  const [text, setText] = useState('');
  const [picked, setPicked] = useState(0);
  const [sending, setSending] = useState(false);
  const list = suggestions(text, page.session.commands);
  const choice = list[Math.min(picked, list.length - 1)];

  const complete = (c: AppCommand): void => {
    setText(`${c.command} `);
    setPicked(0);
  };
  const send = async (): Promise<void> => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    const result = body.startsWith('/')
      ? await page.act({ kind: 'command', channelId, text: body })
      : await page.act(threadTs ? { kind: 'post', channelId, text: body, threadTs } : { kind: 'post', channelId, text: body });
    setSending(false);
    // A refused message stays in the box to be fixed, as Slack keeps an unsent one.
    if (result.ok) setText('');
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (list.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setPicked((picked + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
      return;
    }
    if (choice && (e.key === 'Tab' || (e.key === 'Enter' && text.trim() !== choice.command))) {
      e.preventDefault();
      complete(choice);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
  };
  return html`<div class="composer">
    ${list.length > 0 && html`<ul class="popover command-list" role="listbox" data-testid="command-autocomplete" aria-label="Slash commands">
      ${list.map((c) => html`<li key=${c.command} role="option" aria-selected=${c === choice} class=${c === choice ? 'command-item command-item-active' : 'command-item'}
          onMouseDown=${(e: Event) => { e.preventDefault(); complete(c); }}>
        <span class="command-name">${c.command}</span> <span class="command-usage">${c.usageHint}</span>
        <div class="command-desc">${c.description} <span class="command-app">${page.session.bot.name}</span></div>
      </li>`)}
    </ul>`}
    <label class="sr-only" for=${`box-${testId}`}>${placeholder}</label>
    <textarea id=${`box-${testId}`} class="composer-input" data-testid=${testId} rows="1" placeholder=${placeholder} value=${text} readOnly=${sending}
      onInput=${(e: Event) => { setText((e.currentTarget as HTMLTextAreaElement).value); setPicked(0); }} onKeyDown=${onKeyDown} />
    <div class="composer-hint"><b>Enter</b> to send, <b>Shift+Enter</b> for a new line, <b>/</b> for commands</div>
  </div>`;
}
