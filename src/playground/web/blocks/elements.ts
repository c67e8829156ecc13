// Interactive elements outside input blocks (actions blocks, section accessories): every use is a click act
// on the element's surface, carrying the button's value or the chosen option's value, as block_actions does.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { ClickTarget } from '../../protocol';
import { isSafeUrl } from '../text/entities';
import { usePage, type Page } from '../ui/context';
import { Plain } from '../ui/textView';
import { asObj, dump, optionsOf, plainText, str, textObj, type Json } from './kit';

/** A `confirm` object asks before the act, as Slack's confirmation dialog does. */
function confirmed(el: Json): boolean {
  const c = asObj(el.confirm);
  if (!c) return true;
  return window.confirm([plainText(c.title), plainText(c.text)].filter(Boolean).join('\n\n'));
}

function click(page: Page, target: ClickTarget, el: Json, value: string | undefined): void {
  const actionId = str(el, 'action_id') ?? '';
  if (!confirmed(el)) return;
  void page.act(value === undefined ? { kind: 'click', target, actionId } : { kind: 'click', target, actionId, value });
}

function KitButton({ el, target }: { el: Json; target: ClickTarget }): ComponentChild {
  const page = usePage();
  const text = textObj(el.text);
  const style = str(el, 'style');
  const url = str(el, 'url');
  const onClick = (): void => {
    if (url && isSafeUrl(url)) window.open(url, '_blank', 'noopener');
    click(page, target, el, str(el, 'value'));
  };
  return html`<button type="button" class=${`kit-btn ${style ? `kit-btn-${style}` : ''}`} data-action-id=${str(el, 'action_id')} onClick=${onClick}>
    <${Plain} text=${text?.text ?? ''} emoji=${text?.emoji} />
  </button>`;
}

/** Choices for a menu: its options, or the people / conversations of the workspace. */
export function menuChoices(el: Json, page: Page): Array<{ value: string; label: string }> {
  const type = str(el, 'type') ?? '';
  if (type.includes('users_select')) return Object.entries(page.session.names).map(([id, name]) => ({ value: id, label: name }));
  if (type.includes('conversations_select') || type.includes('channels_select')) {
    return page.conversations.map((c) => ({ value: c.id, label: c.kind === 'im' ? c.name : `#${c.name}` }));
  }
  return optionsOf(el).map((o) => ({ value: o.value, label: plainText(o.text) }));
}

/** The value a menu starts on (its initial option, user or conversation), or ''. */
export function menuInitial(el: Json): string {
  return str(asObj(el.initial_option), 'value') ?? str(el, 'initial_user') ?? str(el, 'initial_conversation') ?? str(el, 'initial_channel') ?? '';
}

function KitMenu({ el, target }: { el: Json; target: ClickTarget }): ComponentChild {
  const page = usePage();
  const choices = menuChoices(el, page);
  const onChange = (e: Event): void => {
    const value = (e.currentTarget as HTMLSelectElement).value;
    if (value) click(page, target, el, value);
  };
  return html`<select class="kit-select" data-action-id=${str(el, 'action_id')} aria-label=${plainText(el.placeholder) || 'Select'} value=${menuInitial(el)} onChange=${onChange}>
    <option value="">${plainText(el.placeholder) || 'Select an item'}</option>
    ${choices.map((c) => html`<option key=${c.value} value=${c.value}>${c.label}</option>`)}
  </select>`;
}

function KitOverflow({ el, target }: { el: Json; target: ClickTarget }): ComponentChild {
  const page = usePage();
  const [open, setOpen] = useState(false);
  const choose = (value: string, url: string | undefined): void => {
    setOpen(false);
    if (url && isSafeUrl(url)) window.open(url, '_blank', 'noopener');
    click(page, target, el, value);
  };
  return html`<span class="kit-overflow">
    <button type="button" class="kit-btn kit-overflow-btn" aria-label="More options" aria-expanded=${open} data-action-id=${str(el, 'action_id')} onClick=${() => setOpen(!open)}>⋯</button>
    ${open && html`<div class="popover kit-overflow-menu" role="menu">
      ${(Array.isArray(el.options) ? el.options : []).map((o: unknown, i: number) => {
        const opt = asObj(o);
        return html`<button type="button" role="menuitem" key=${i} onClick=${() => choose(str(opt, 'value') ?? '', str(opt, 'url'))}>${plainText(opt?.text)}</button>`;
      })}
    </div>`}
  </span>`;
}

/** Pickers and choice lists outside a form: each change is a click carrying the new value. */
function KitPicker({ el, target }: { el: Json; target: ClickTarget }): ComponentChild {
  const page = usePage();
  const type = str(el, 'type');
  const onValue = (value: string): void => click(page, target, el, value);
  if (type === 'datepicker' || type === 'timepicker') {
    const initial = str(el, type === 'datepicker' ? 'initial_date' : 'initial_time') ?? '';
    return html`<input type=${type === 'datepicker' ? 'date' : 'time'} class="kit-text" aria-label=${plainText(el.placeholder) || type} value=${initial} onChange=${(e: Event) => onValue((e.currentTarget as HTMLInputElement).value)} />`;
  }
  const radio = type === 'radio_buttons';
  return html`<div class="kit-choices" role="group">
    ${optionsOf(el).map((o) => html`<label key=${o.value}><input type=${radio ? 'radio' : 'checkbox'} name=${str(el, 'action_id')} value=${o.value} onChange=${() => onValue(o.value)} /> <${Plain} text=${o.text.text} /></label>`)}
  </div>`;
}

/** One element of an actions block or a section accessory. */
export function KitElement({ el: raw, target }: { el: unknown; target: ClickTarget }): ComponentChild {
  const el = asObj(raw);
  const type = str(el, 'type') ?? '';
  if (!el) return html`<pre class="kit-unknown">${dump(raw)}</pre>`;
  if (type === 'button') return html`<${KitButton} el=${el} target=${target} />`;
  if (type === 'overflow') return html`<${KitOverflow} el=${el} target=${target} />`;
  if (['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'].includes(type)) return html`<${KitMenu} el=${el} target=${target} />`;
  if (['datepicker', 'timepicker', 'checkboxes', 'radio_buttons'].includes(type)) return html`<${KitPicker} el=${el} target=${target} />`;
  if (type === 'image') return html`<img class="kit-accessory-image" src=${str(el, 'image_url')} alt=${str(el, 'alt_text') ?? ''} />`;
  return html`<pre class="kit-unknown">${dump(raw)}</pre>`;
}
