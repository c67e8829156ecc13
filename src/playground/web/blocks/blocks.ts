// Block Kit layout blocks for every surface: messages, ephemerals, modals and App Home. Interactive elements
// act on `target`, the surface they sit on; a block this page does not know is shown as its JSON.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { ClickTarget, InputValue } from '../../protocol';
import { Mrkdwn, Plain } from '../ui/textView';
import { KitElement } from './elements';
import { InputBlock, type Form } from './inputs';
import { asObj, dump, list, str, textObj, type Json } from './kit';
import { RichText } from './richText';

/** A text object in its own kind: mrkdwn parsed, plain_text shown as written. */
export function KitText({ value }: { value: unknown }): ComponentChild {
  const t = textObj(value);
  if (!t) return null;
  return t.type === 'mrkdwn' ? html`<${Mrkdwn} text=${t.text} />` : html`<span class="kit-plain"><${Plain} text=${t.text} emoji=${t.emoji} /></span>`;
}

function Section({ block, target }: { block: Json; target: ClickTarget }): ComponentChild {
  const fields = list(block, 'fields');
  return html`<div class="kit-section">
    <div class="kit-section-body">
      ${block.text !== undefined && html`<${KitText} value=${block.text} />`}
      ${fields.length > 0 && html`<div class="kit-fields">${fields.map((f, i) => html`<div key=${i} class="kit-field"><${KitText} value=${f} /></div>`)}</div>`}
    </div>
    ${block.accessory !== undefined && html`<div class="kit-accessory"><${KitElement} el=${block.accessory} target=${target} /></div>`}
  </div>`;
}

function Context({ block }: { block: Json }): ComponentChild {
  return html`<div class="kit-context">
    ${list(block, 'elements').map((raw, i) => {
      const el = asObj(raw);
      if (str(el, 'type') === 'image') return html`<img key=${i} class="kit-context-image" src=${str(el, 'image_url')} alt=${str(el, 'alt_text') ?? ''} />`;
      if (textObj(raw)) return html`<span key=${i} class="kit-context-text"><${KitText} value=${raw} /></span>`;
      return html`<pre key=${i} class="kit-unknown">${dump(raw)}</pre>`;
    })}
  </div>`;
}

function Block({ block: raw, target, form }: { block: unknown; target: ClickTarget; form: Form }): ComponentChild {
  const block = asObj(raw);
  if (!block) return html`<pre class="kit-unknown">${dump(raw)}</pre>`;
  switch (str(block, 'type')) {
    case 'header':
      return html`<div class="kit-header"><${KitText} value=${block.text} /></div>`;
    case 'section':
      return html`<${Section} block=${block} target=${target} />`;
    case 'divider':
      return html`<hr class="kit-divider" />`;
    case 'context':
      return html`<${Context} block=${block} />`;
    case 'actions':
      return html`<div class="kit-actions">${list(block, 'elements').map((el, i) => html`<${KitElement} key=${i} el=${el} target=${target} />`)}</div>`;
    case 'image':
      return html`<figure class="kit-image">
        ${block.title !== undefined && html`<figcaption><${KitText} value=${block.title} /></figcaption>`}
        <img src=${str(block, 'image_url')} alt=${str(block, 'alt_text') ?? ''} />
      </figure>`;
    case 'rich_text':
      return html`<${RichText} block=${block} />`;
    case 'input':
      return html`<${InputBlock} block=${block} form=${form} />`;
    default:
      return html`<pre class="kit-unknown">${dump(raw)}</pre>`;
  }
}

/** Inputs outside a modal (in a message or App Home) keep their values here; there is nothing to submit. */
function useLocalForm(): Form {
  const [values, setValues] = useState<Record<string, InputValue>>({});
  return { get: (id) => values[id], set: (id, v) => setValues({ ...values, [id]: v }), errors: {} };
}

export function Blocks({ blocks, target, form }: { blocks: unknown[]; target: ClickTarget; form?: Form }): ComponentChild {
  const local = useLocalForm();
  const used = form ?? local;
  return html`<div class="kit-blocks">${blocks.map((b, i) => html`<${Block} key=${str(asObj(b), 'block_id') ?? i} block=${b} target=${target} form=${used} />`)}</div>`;
}
