// The postmortem template panel: which template file the bot reads, when it last changed, and re-drafting —
// now, or on every change — which is `/incident postmortem` run in the incident channel like anyone would.

import type { ComponentChild } from 'preact';
import { html } from 'htm/preact';
import type { Conversation } from '../../protocol';
import { agoText, fullTime } from '../text/dateTokens';
import { asQuery, getJson } from './api';
import { usePage } from './context';
import { Mrkdwn } from './textView';
import { useData } from './useData';

/** The bot's answer to the last re-draft, as it told the person: the draft posted, or the template's error. */
const DRAFT_ANSWER = /postmortem draft/i;

function LastAnswer({ channelId }: { channelId: string }): ComponentChild {
  const page = usePage();
  const { data } = useData(`${channelId}|${page.me.id}`, page.version, () => getJson<Conversation>(`/api/conversations/${encodeURIComponent(channelId)}?${asQuery(page.me.id)}`));
  const answer = data?.ephemerals.filter((e) => e.text !== undefined && DRAFT_ANSWER.test(e.text)).at(-1);
  if (!answer?.text) return null;
  const refused = answer.text.includes('cannot be used');
  return html`<div class=${refused ? 'template-answer template-answer-error' : 'template-answer'} data-testid="template-answer" role="status">
    <${Mrkdwn} text=${answer.text} />
  </div>`;
}

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
    ${fileChannel && html`<${LastAnswer} channelId=${fileChannel} />`}
  </section>`;
}
