// Classic attachments, as integrations (monitoring, deploy tools) still post them: a colored bar, pretext,
// author, title with its link, text, fields, footer; and any blocks the attachment carries.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import type { ClickTarget } from '../../protocol';
import { isSafeUrl } from '../text/entities';
import { Mrkdwn } from '../ui/textView';
import { Blocks } from './blocks';
import { asObj, list, str, type Json } from './kit';

const NAMED_COLORS: Record<string, string> = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

/** Slack's named colors, or a hex color; anything else is grey (and never reaches the style unchecked). */
function barColor(color: string | undefined): string {
  if (!color) return '#dddddd';
  const named = NAMED_COLORS[color];
  if (named) return named;
  return /^#?[0-9a-f]{3}([0-9a-f]{3})?$/i.test(color) ? (color.startsWith('#') ? color : `#${color}`) : '#dddddd';
}

function Attachment({ a, target }: { a: Json; target: ClickTarget }): ComponentChild {
  const title = str(a, 'title');
  const link = str(a, 'title_link');
  const fields = list(a, 'fields').map(asObj).filter((f): f is Json => f !== null);
  const text = str(a, 'text');
  const blocks = list(a, 'blocks');
  const hasBody = Boolean(title || text || fields.length || blocks.length || str(a, 'author_name') || str(a, 'footer'));
  return html`<div class="attachment-wrap">
    ${str(a, 'pretext') && html`<${Mrkdwn} text=${str(a, 'pretext')} />`}
    <div class="attachment" style=${{ borderLeftColor: barColor(str(a, 'color')) }}>
      ${str(a, 'author_name') && html`<div class="att-author">${str(a, 'author_name')}</div>`}
      ${title && html`<div class="att-title">${link && isSafeUrl(link) ? html`<a href=${link} target="_blank" rel="noopener noreferrer">${title}</a>` : title}</div>`}
      ${text && html`<${Mrkdwn} text=${text} />`}
      ${fields.length > 0 && html`<div class="att-fields">
        ${fields.map((f, i) => html`<div key=${i} class=${f.short === true ? 'att-field att-field-short' : 'att-field'}>
          <div class="att-field-title">${str(f, 'title')}</div>
          <${Mrkdwn} text=${str(f, 'value') ?? ''} />
        </div>`)}
      </div>`}
      ${blocks.length > 0 && html`<${Blocks} blocks=${blocks} target=${target} />`}
      ${str(a, 'footer') && html`<div class="att-footer">${str(a, 'footer')}</div>`}
      ${!hasBody && str(a, 'fallback') && html`<${Mrkdwn} text=${str(a, 'fallback')} />`}
    </div>
  </div>`;
}

export function Attachments({ attachments, target }: { attachments: unknown[]; target: ClickTarget }): ComponentChild {
  return html`<div class="attachments">
    ${attachments.map((raw, i) => {
      const a = asObj(raw);
      return a ? html`<${Attachment} key=${i} a=${a} target=${target} />` : null;
    })}
  </div>`;
}
