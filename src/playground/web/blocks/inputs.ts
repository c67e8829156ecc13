// Input blocks' elements in a form (a modal): controlled by the form's values, read at submit time in the
// shapes the server expects — text as a string, a menu as the option's value, a user as their id, a date and
// time as unix seconds (entered in the reader's zone), checkboxes as a list of values.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import type { InputValue } from '../../protocol';
import { fromWallClock, toWallClock } from '../text/zoneTime';
import { usePage } from '../ui/context';
import { Plain } from '../ui/textView';
import { menuChoices, menuInitial } from './elements';
import { asObj, dump, list, optionsOf, plainText, str, type Json } from './kit';

/** A form's state: the values typed so far (by block_id) and the errors to show under inputs. */
export interface Form {
  get(blockId: string): InputValue | undefined;
  set(blockId: string, value: InputValue): void;
  errors: Record<string, string>;
}

/** The value an element starts with, before the person touches it. */
export function initialValue(el: Json): InputValue {
  const type = str(el, 'type') ?? '';
  if (type === 'checkboxes' || type.startsWith('multi_')) {
    const initial = list(el, 'initial_options').map((o) => str(asObj(o), 'value')).filter((v): v is string => v !== undefined);
    return initial.length ? initial : [...list(el, 'initial_users'), ...list(el, 'initial_conversations'), ...list(el, 'initial_channels')].filter((v): v is string => typeof v === 'string');
  }
  if (type === 'datetimepicker') return typeof el.initial_date_time === 'number' ? el.initial_date_time : null;
  if (type === 'datepicker') return str(el, 'initial_date') ?? null;
  if (type === 'timepicker') return str(el, 'initial_time') ?? null;
  if (type === 'number_input' && typeof el.initial_value === 'number') return String(el.initial_value);
  const menu = menuInitial(el);
  return str(el, 'initial_value') ?? (menu === '' ? null : menu);
}

/** Nothing chosen or typed: what Slack refuses for a required input. */
export function isEmpty(value: InputValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

interface FieldProps {
  el: Json;
  id: string;
  value: InputValue;
  onValue: (v: InputValue) => void;
}

const inputText = (e: Event): string => (e.currentTarget as HTMLInputElement).value;

function TextField({ el, id, value, onValue }: FieldProps): ComponentChild {
  const common = { id, class: 'kit-text', placeholder: plainText(el.placeholder), maxLength: typeof el.max_length === 'number' ? el.max_length : undefined };
  const text = typeof value === 'string' ? value : '';
  if (el.multiline === true) return html`<textarea ...${common} rows="4" value=${text} onInput=${(e: Event) => onValue(inputText(e))} />`;
  const kind = str(el, 'type') === 'email_text_input' ? 'email' : str(el, 'type') === 'url_text_input' ? 'url' : str(el, 'type') === 'number_input' ? 'number' : 'text';
  return html`<input ...${common} type=${kind} value=${text} onInput=${(e: Event) => onValue(inputText(e))} />`;
}

function MenuField({ el, id, value, onValue }: FieldProps): ComponentChild {
  const page = usePage();
  const multi = (str(el, 'type') ?? '').startsWith('multi_');
  const choices = menuChoices(el, page);
  if (multi) {
    const chosen = Array.isArray(value) ? value : [];
    const onChange = (e: Event): void => onValue(Array.from((e.currentTarget as HTMLSelectElement).selectedOptions, (o) => o.value));
    return html`<select id=${id} class="kit-select" multiple onChange=${onChange}>
      ${choices.map((c) => html`<option key=${c.value} value=${c.value} selected=${chosen.includes(c.value)}>${c.label}</option>`)}
    </select>`;
  }
  return html`<select id=${id} class="kit-select" value=${typeof value === 'string' ? value : ''} onChange=${(e: Event) => onValue(inputText(e) || null)}>
    <option value="">${plainText(el.placeholder) || 'Select an item'}</option>
    ${choices.map((c) => html`<option key=${c.value} value=${c.value}>${c.label}</option>`)}
  </select>`;
}

function DateTimeField({ el, id, value, onValue }: FieldProps): ComponentChild {
  const page = usePage();
  const type = str(el, 'type');
  if (type === 'datetimepicker') {
    const wall = typeof value === 'number' ? toWallClock(value, page.me.tz) : '';
    return html`<span class="kit-datetime">
      <input id=${id} type="datetime-local" class="kit-text" value=${wall} onChange=${(e: Event) => onValue(fromWallClock(inputText(e), page.me.tz))} />
      <span class="kit-zone">${page.me.tz}</span>
    </span>`;
  }
  return html`<input id=${id} type=${type === 'datepicker' ? 'date' : 'time'} class="kit-text" value=${typeof value === 'string' ? value : ''} onChange=${(e: Event) => onValue(inputText(e) || null)} />`;
}

function ChoiceField({ el, id, value, onValue }: FieldProps): ComponentChild {
  const radio = str(el, 'type') === 'radio_buttons';
  const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const toggle = (v: string, on: boolean): void => {
    if (radio) onValue(v);
    else onValue(on ? [...chosen.filter((c) => c !== v), v] : chosen.filter((c) => c !== v));
  };
  return html`<div id=${id} class="kit-choices" role=${radio ? 'radiogroup' : 'group'} aria-labelledby=${`${id}-label`}>
    ${optionsOf(el).map((o) => html`<label key=${o.value} class="kit-choice">
      <input type=${radio ? 'radio' : 'checkbox'} name=${id} value=${o.value} checked=${chosen.includes(o.value)} onChange=${(e: Event) => toggle(o.value, (e.currentTarget as HTMLInputElement).checked)} />
      <span><${Plain} text=${o.text.text} />${o.description && html`<small class="kit-choice-desc">${plainText(o.description)}</small>`}</span>
    </label>`)}
  </div>`;
}

/** The field for an input block's element, or its JSON when the page does not know the element. */
function Field(props: FieldProps): ComponentChild {
  const type = str(props.el, 'type') ?? '';
  if (['plain_text_input', 'email_text_input', 'url_text_input', 'number_input'].includes(type)) return html`<${TextField} ...${props} />`;
  if (/^(multi_)?(static|external|users|conversations|channels)_select$/.test(type)) return html`<${MenuField} ...${props} />`;
  if (['datetimepicker', 'datepicker', 'timepicker'].includes(type)) return html`<${DateTimeField} ...${props} />`;
  if (type === 'checkboxes' || type === 'radio_buttons') return html`<${ChoiceField} ...${props} />`;
  return html`<pre class="kit-unknown">${dump(props.el)}</pre>`;
}

/** An input block: label (with "(optional)"), its field, hint, and the error the form holds for it. */
export function InputBlock({ block, form }: { block: Json; form: Form }): ComponentChild {
  const el = asObj(block.element) ?? {};
  const blockId = str(block, 'block_id') ?? '';
  const id = `input-${blockId}`;
  const stored = form.get(blockId);
  const value = stored === undefined ? initialValue(el) : stored;
  const error = form.errors[blockId];
  return html`<div class=${`kit-input ${error ? 'kit-input-error' : ''}`} data-block-id=${blockId}>
    <label class="kit-label" id=${`${id}-label`} for=${id}><${Plain} text=${plainText(block.label)} />${block.optional === true && html`<span class="kit-optional"> (optional)</span>`}</label>
    <${Field} el=${el} id=${id} value=${value} onValue=${(v: InputValue) => form.set(blockId, v)} />
    ${block.hint !== undefined && html`<div class="kit-hint">${plainText(block.hint)}</div>`}
    ${error && html`<div class="kit-error" role="alert">${error}</div>`}
  </div>`;
}
