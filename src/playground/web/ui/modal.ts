// The modal the app opened for the person: title, blocks, Submit and Close from the view. Submit sends every
// input's value by block_id; a required input left empty is flagged here without submitting (as Slack does),
// and the app's own `errors` are shown under their inputs with the modal kept open.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { InputValue } from '../../protocol';
import { Blocks } from '../blocks/blocks';
import { initialValue, isEmpty, type Form } from '../blocks/inputs';
import { asObj, list, plainText, str } from '../blocks/kit';
import { usePage } from './context';

const REQUIRED = 'Please complete this required field.';

export function Modal({ viewId, view }: { viewId: string; view: Record<string, unknown> }): ComponentChild {
  const page = usePage();
  const [values, setValues] = useState<Record<string, InputValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const blocks = list(view, 'blocks');
  const inputs = blocks.map(asObj).filter((b) => str(b, 'type') === 'input');

  const form: Form = {
    get: (id) => values[id],
    set: (id, v) => {
      setValues((old) => ({ ...old, [id]: v }));
      // Typing into a flagged input clears its flag, as Slack's does.
      if (errors[id]) setErrors((old) => Object.fromEntries(Object.entries(old).filter(([k]) => k !== id)));
    },
    errors,
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const out: Record<string, InputValue> = {};
    const missing: Record<string, string> = {};
    for (const block of inputs) {
      const id = str(block, 'block_id') ?? '';
      const value = values[id] !== undefined ? values[id] : initialValue(asObj(block?.element) ?? {});
      out[id] = value ?? null;
      if (block?.optional !== true && isEmpty(value)) missing[id] = REQUIRED;
    }
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    const result = await page.act({ kind: 'submit', viewId, values: out });
    setBusy(false);
    if (result.ok && result.errors) setErrors(result.errors);
  };
  const close = (): void => void page.act({ kind: 'closeView', viewId });

  const submitLabel = plainText(view.submit);
  return html`<div class="overlay" onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && close()}>
    <form class="modal" data-testid="modal" data-view-id=${viewId} data-callback-id=${str(view, 'callback_id')} role="dialog" aria-modal="true" aria-labelledby="modal-title" onSubmit=${submit} noValidate>
      <header class="modal-header">
        <h2 id="modal-title">${plainText(view.title)}</h2>
        <button type="button" class="icon-btn" aria-label="Close" onClick=${close}>✕</button>
      </header>
      <div class="modal-body">
        <${Blocks} blocks=${blocks} target=${{ viewId }} form=${form} />
      </div>
      <footer class="modal-footer">
        <button type="button" class="kit-btn" data-testid="modal-close" onClick=${close}>${plainText(view.close) || 'Cancel'}</button>
        ${submitLabel && html`<button type="submit" class="kit-btn kit-btn-primary" data-testid="modal-submit" disabled=${busy}>${submitLabel}</button>`}
      </footer>
    </form>
  </div>`;
}
