// rich_text blocks: sections, lists, quotes and preformatted text, whose inline elements are mapped to the
// same nodes mrkdwn parses to, so both render (and escape) the same way.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { formatDateTokens, fullTime } from '../text/dateTokens';
import { emojiFor } from '../text/emoji';
import { isSafeUrl } from '../text/entities';
import type { Inline, TextContext } from '../text/mrkdwnTypes';
import { usePage } from '../ui/context';
import { inlines } from '../ui/textView';
import { asObj, dump, list, str, type Json } from './kit';

/** Wraps a node in the marks its `style` asks for (bold, italic, strike, code). */
function styled(node: Inline, style: Json | null): Inline {
  let out = node;
  if (style?.code === true) out = { kind: 'code', children: [out] };
  if (style?.strike === true) out = { kind: 'strike', children: [out] };
  if (style?.italic === true) out = { kind: 'italic', children: [out] };
  if (style?.bold === true) out = { kind: 'bold', children: [out] };
  return out;
}

function emojiChar(el: Json): string {
  const unicode = str(el, 'unicode');
  const fromCode = unicode ? String.fromCodePoint(...unicode.split('-').map((h) => parseInt(h, 16)).filter((n) => Number.isFinite(n))) : '';
  return emojiFor(str(el, 'name') ?? '') ?? (fromCode || `:${str(el, 'name') ?? ''}:`);
}

/** One inline element of a rich_text section as a text node (unknown ones as their JSON, visibly). */
function element(raw: unknown, ctx: TextContext): Inline {
  const el = asObj(raw);
  const style = asObj(el?.style);
  switch (str(el, 'type')) {
    case 'text':
      return styled({ kind: 'text', text: str(el, 'text') ?? '' }, style);
    case 'link': {
      const url = str(el, 'url') ?? '';
      const text = str(el, 'text') || url;
      return styled(isSafeUrl(url) ? { kind: 'link', url, text } : { kind: 'text', text }, style);
    }
    case 'user': {
      const id = str(el, 'user_id') ?? '';
      return styled({ kind: 'user', id, name: ctx.names[id] ?? id }, style);
    }
    case 'channel': {
      const id = str(el, 'channel_id') ?? '';
      return styled({ kind: 'channel', id, name: ctx.channels[id] ?? id }, style);
    }
    case 'usergroup':
      return { kind: 'broadcast', text: `@${str(el, 'usergroup_id') ?? 'group'}` };
    case 'broadcast':
      return { kind: 'broadcast', text: `@${str(el, 'range') ?? 'here'}` };
    case 'emoji':
      return { kind: 'emoji', name: str(el, 'name') ?? '', char: emojiChar(el ?? {}) };
    case 'date': {
      const unix = typeof el?.timestamp === 'number' ? el.timestamp : Number(el?.timestamp);
      const text = formatDateTokens(unix, str(el, 'format') ?? '', ctx.zone, ctx.now) ?? str(el, 'fallback') ?? '';
      const url = str(el, 'url');
      const title = Number.isFinite(unix) ? fullTime(unix, ctx.zone) : text;
      return url && isSafeUrl(url) ? { kind: 'date', text, url, title } : { kind: 'date', text, title };
    }
    default:
      return { kind: 'code', children: [{ kind: 'text', text: JSON.stringify(raw) }] };
  }
}

function Section({ el }: { el: Json }): ComponentChild {
  const page = usePage();
  return html`<div class="rt-section">${inlines(list(el, 'elements').map((e) => element(e, page.text)), page)}</div>`;
}

function RichElement({ raw }: { raw: unknown }): ComponentChild {
  const page = usePage();
  const el = asObj(raw);
  const nodes = (): Inline[] => list(el, 'elements').map((e) => element(e, page.text));
  switch (str(el, 'type')) {
    case 'rich_text_section':
      return html`<${Section} el=${el} />`;
    case 'rich_text_preformatted':
      return html`<pre class="md-pre">${inlines(nodes(), page)}</pre>`;
    case 'rich_text_quote':
      return html`<blockquote class="md-quote rt-section">${inlines(nodes(), page)}</blockquote>`;
    case 'rich_text_list': {
      const items = list(el, 'elements').map((item, i) => html`<li key=${i}><${RichElement} raw=${item} /></li>`);
      const indent = typeof el?.indent === 'number' ? el.indent : 0;
      const style = { marginLeft: `${indent * 24}px` };
      return str(el, 'style') === 'ordered'
        ? html`<ol class="rt-list" style=${style} start=${typeof el?.offset === 'number' ? el.offset + 1 : undefined}>${items}</ol>`
        : html`<ul class="rt-list" style=${style}>${items}</ul>`;
    }
    default:
      return html`<pre class="kit-unknown">${dump(raw)}</pre>`;
  }
}

export function RichText({ block }: { block: Json }): ComponentChild {
  return html`<div class="rich-text">${list(block, 'elements').map((e, i) => html`<${RichElement} key=${i} raw=${e} />`)}</div>`;
}
