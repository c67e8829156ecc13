// Parsed mrkdwn to Preact nodes. Every string goes in as a text child, so Preact escapes it: nothing from a
// message is ever set as HTML.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { parseMrkdwn, parsePlain } from '../text/mrkdwn';
import type { Inline, MrkdwnBlock } from '../text/mrkdwnTypes';
import { usePage, type Page } from './context';

function inline(node: Inline, key: number, page: Page): ComponentChild {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'bold':
      return html`<b key=${key}>${inlines(node.children, page)}</b>`;
    case 'italic':
      return html`<i key=${key}>${inlines(node.children, page)}</i>`;
    case 'strike':
      return html`<s key=${key}>${inlines(node.children, page)}</s>`;
    case 'code':
      return html`<code key=${key}>${inlines(node.children, page)}</code>`;
    case 'user':
      return html`<span key=${key} class=${node.id === page.me.id ? 'mention mention-me' : 'mention'} data-user=${node.id}>@${node.name}</span>`;
    case 'channel':
      return html`<a key=${key} href="#" class="channel-link" onClick=${(e: Event) => { e.preventDefault(); page.openChannel(node.id); }}>#${node.name}</a>`;
    case 'broadcast':
      return html`<span key=${key} class="mention mention-me">${node.text}</span>`;
    case 'link':
      return html`<a key=${key} href=${node.url} target="_blank" rel="noopener noreferrer">${node.text}</a>`;
    case 'date':
      return node.url
        ? html`<a key=${key} href=${node.url} target="_blank" rel="noopener noreferrer"><time title=${node.title}>${node.text}</time></a>`
        : html`<time key=${key} title=${node.title}>${node.text}</time>`;
    case 'emoji':
      return html`<span key=${key} class="emoji" title=${`:${node.name}:`}>${node.char}</span>`;
  }
}

export function inlines(nodes: Inline[], page: Page): ComponentChild[] {
  return nodes.map((n, i) => inline(n, i, page));
}

/** Lines separated by <br>, as Slack keeps a message's newlines. */
function lines(rows: Inline[][], page: Page): ComponentChild[] {
  return rows.flatMap((row, i) => (i === 0 ? inlines(row, page) : [html`<br key=${`br${i}`} />`, ...inlines(row, page)]));
}

function block(b: MrkdwnBlock, key: number, page: Page): ComponentChild {
  if (b.kind === 'pre') return html`<pre key=${key} class="md-pre">${inlines(b.children, page)}</pre>`;
  if (b.kind === 'quote') return html`<blockquote key=${key} class="md-quote">${lines(b.lines, page)}</blockquote>`;
  return html`<span key=${key} class="md-lines">${lines(b.lines, page)}</span>`;
}

/** Entity-encoded mrkdwn, as Slack sends it, shown to the current person. */
export function Mrkdwn({ text }: { text: string }): ComponentChild {
  const page = usePage();
  const blocks = parseMrkdwn(text, page.text);
  return html`<div class="md">${blocks.map((b, i) => block(b, i, page))}</div>`;
}

/** A plain_text object's text (emoji names shown unless `emoji: false`). */
export function Plain({ text, emoji }: { text: string; emoji?: boolean }): ComponentChild {
  const page = usePage();
  return html`<span>${inlines(parsePlain(text, emoji !== false), page)}</span>`;
}
