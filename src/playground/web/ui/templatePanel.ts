// The postmortem template panel: which template file the bot reads, when it last changed, and re-drafting —
// now, or on every change — which is `/incident postmortem` run in the incident channel like anyone would.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import { agoText, fullTime } from '../text/dateTokens';
import { usePage } from './context';

/** Re-drafting as the app holds it: auto re-draft must outlive the viewer, which may be closed. */
export interface Redraft {
  auto: boolean;
  setAuto: (on: boolean) => void;
  /** Runs the command in the given channel (or the incident channel on screen); false when there is none. */
  now: (channelId?: string) => void;
}

interface Props {
  template: { path: string; changedAt: number };
  redraft: Redraft;
  fileChannel: string | undefined;
}

export function TemplatePanel({ template, redraft, fileChannel }: Props): ComponentChild {
  const page = usePage();
  // protocol.ts does not say whether changedAt is in seconds or ms: seconds stay below 1e11 for millennia.
  const changedSeconds = template.changedAt > 1e11 ? template.changedAt / 1000 : template.changedAt;
  return html`<section class="template-panel" data-testid="template-panel">
    <h3>Postmortem template</h3>
    <code class="template-path" data-testid="template-path">${template.path}</code>
    <div class="template-changed" data-testid="template-changed">
      ${template.changedAt ? html`Changed <time title=${fullTime(changedSeconds, page.me.tz)}>${agoText(changedSeconds * 1000, page.text.now)}</time>` : 'Not changed since the bot started'}
    </div>
    <label class="template-auto">
      <input type="checkbox" data-testid="template-auto" checked=${redraft.auto} onChange=${(e: Event) => redraft.setAuto((e.currentTarget as HTMLInputElement).checked)} />
      Auto re-draft on change
    </label>
    <button type="button" class="kit-btn kit-btn-primary" data-testid="template-redraft" onClick=${() => redraft.now(fileChannel)}>Re-draft now</button>
  </section>`;
}
