import type { types } from '@slack/bolt';
import { PHASES, SEVERITIES, type IncidentCommand, type Phase, type Severity } from '../../domain/commandTypes';
import { typedText } from '../../domain/slackText';

/**
 * The buttons on the pinned summary and the small forms they open. Each form
 * reads back as the very command `/incident …` would store, so the same use
 * case applies it with the same rules. Pure: built and read without Slack.
 */

export const SUMMARY_BUTTONS = ['note', 'update', 'status', 'severity', 'lead', 'action', 'close'] as const;
export type SummaryButton = (typeof SUMMARY_BUTTONS)[number];

const ACTION_PREFIX = 'summary_';
const VIEW_PREFIX = 'summary_form:';
export const SUMMARY_ACTION_ID = new RegExp(`^${ACTION_PREFIX}(${SUMMARY_BUTTONS.join('|')})$`);
export const SUMMARY_VIEW_ID = new RegExp(`^${VIEW_PREFIX}(${SUMMARY_BUTTONS.join('|')})$`);
export const summaryActionId = (b: SummaryButton) => `${ACTION_PREFIX}${b}`;

export const buttonOf = (id: string, pattern: RegExp): SummaryButton | undefined => SUMMARY_BUTTONS.find((b) => pattern.exec(id)?.[1] === b);

const TEXT_MAX = 3000;

const LABELS: Record<SummaryButton, { button: string; title: string; submit: string }> = {
  note: { button: 'Add note', title: 'Add a note', submit: 'Add' },
  update: { button: 'Post an update', title: 'Post a status update', submit: 'Post' },
  status: { button: 'Change status', title: 'Change the status', submit: 'Change' },
  severity: { button: 'Change severity', title: 'Change the severity', submit: 'Change' },
  lead: { button: 'Assign lead', title: 'Assign the lead', submit: 'Assign' },
  action: { button: 'Add follow-up', title: 'Add a follow-up', submit: 'Add' },
  close: { button: 'Close incident', title: 'Close the incident', submit: 'Close' },
};

/** The summary's row of buttons (an open incident's); each value is its incident's number. */
export function summaryButtons(number: number): types.ActionsBlock {
  return {
    type: 'actions',
    block_id: 'summary_actions',
    elements: SUMMARY_BUTTONS.map((b) => ({
      type: 'button' as const,
      action_id: summaryActionId(b),
      text: { type: 'plain_text' as const, text: LABELS[b].button },
      value: String(number),
      ...(b === 'close' ? { style: 'danger' as const } : {}),
    })),
  };
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, text: string) => ({ text: plain(text), value });
const textInput = (block_id: string, label: string, opts: { optional?: boolean; multiline?: boolean } = {}): types.InputBlock => ({
  type: 'input',
  block_id,
  label: plain(label),
  ...(opts.optional ? { optional: true } : {}),
  element: { type: 'plain_text_input', action_id: 'value', max_length: TEXT_MAX, ...(opts.multiline ? { multiline: true } : {}) },
});
const select = (block_id: string, label: string, values: readonly string[], shown: (v: string) => string, initial?: string): types.InputBlock => ({
  type: 'input',
  block_id,
  label: plain(label),
  element: {
    type: 'static_select',
    action_id: 'value',
    options: values.map((v) => option(v, shown(v))),
    ...(initial ? { initial_option: option(initial, shown(initial)) } : {}),
  },
});
const userSelect = (block_id: string, label: string, opts: { optional?: boolean; initial?: string } = {}): types.InputBlock => ({
  type: 'input',
  block_id,
  label: plain(label),
  ...(opts.optional ? { optional: true } : {}),
  element: { type: 'users_select', action_id: 'value', ...(opts.initial ? { initial_user: opts.initial } : {}) },
});

export interface SummaryFormContext {
  channelId: string;
  number: number;
  phase?: Phase;
  severity?: Severity;
  leadId?: string;
}

function fields(b: SummaryButton, c: SummaryFormContext): types.InputBlock[] {
  switch (b) {
    case 'note':
      return [textInput('text', 'What happened?', { multiline: true })];
    case 'update':
      return [textInput('text', 'Where do things stand?', { multiline: true })];
    case 'status':
      return [select('status', 'Status', PHASES, (p) => p.charAt(0).toUpperCase() + p.slice(1), c.phase)];
    case 'severity':
      return [select('severity', 'Severity', SEVERITIES, (s) => s.toUpperCase(), c.severity)];
    case 'lead':
      return [userSelect('lead', 'Incident lead', c.leadId ? { initial: c.leadId } : {})];
    case 'action':
      return [textInput('text', 'What needs doing?', { multiline: true }), userSelect('owner', 'Owner', { optional: true })];
    case 'close':
      return [textInput('resolution', 'Resolution', { optional: true, multiline: true })];
  }
}

/** The form a summary button opens; its private_metadata names the incident's channel. */
export function buildSummaryModal(b: SummaryButton, c: SummaryFormContext): types.ModalView {
  return {
    type: 'modal',
    callback_id: `${VIEW_PREFIX}${b}`,
    title: plain(LABELS[b].title),
    submit: plain(LABELS[b].submit),
    close: plain('Cancel'),
    private_metadata: JSON.stringify({ channelId: c.channelId }),
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Incident #${c.number}` }] }, ...fields(b, c)],
  };
}

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null; selected_user?: string | null }>>;
type Read = { ok: true; channelId: string; command: Exclude<IncidentCommand, { kind: 'help' | 'unknown' | 'invalid' }> } | { ok: false; errors: Record<string, string> };

/** The submitted form as the command it stands for, or the per-field errors Slack shows in the form. */
export function readSummarySubmission(b: SummaryButton, view: { state: { values: Values }; private_metadata?: string }): Read {
  const v = view.state.values;
  const text = (block: string) => (v[block]?.value?.value ?? '').trim();
  const chosen = (block: string) => v[block]?.value?.selected_option?.value ?? undefined;
  const user = (block: string) => v[block]?.value?.selected_user ?? undefined;
  const channelId = channelOf(view.private_metadata);
  if (!channelId) return { ok: false, errors: { [fields(b, { channelId: '', number: 0 })[0]?.block_id ?? 'text']: 'This form is out of date: open it again from the summary.' } };
  const done = (command: Extract<Read, { ok: true }>['command']): Read => ({ ok: true, channelId, command });
  switch (b) {
    case 'note':
      return text('text') ? done({ kind: 'note', text: typedText(text('text')) }) : { ok: false, errors: { text: 'Write the note.' } };
    case 'update':
      return text('text') ? done({ kind: 'update', text: typedText(text('text')) }) : { ok: false, errors: { text: 'Say where things stand.' } };
    case 'status': {
      const status = PHASES.find((p) => p === chosen('status'));
      return status ? done({ kind: 'status', status }) : { ok: false, errors: { status: 'Pick a status.' } };
    }
    case 'severity': {
      const severity = SEVERITIES.find((s) => s === chosen('severity'));
      return severity ? done({ kind: 'severity', severity }) : { ok: false, errors: { severity: 'Pick a severity.' } };
    }
    case 'lead': {
      const id = user('lead');
      return id ? done({ kind: 'role', role: 'lead', user: { kind: 'id', id } }) : { ok: false, errors: { lead: 'Pick a person.' } };
    }
    case 'action': {
      if (!text('text')) return { ok: false, errors: { text: 'Say what needs doing.' } };
      const owner = user('owner');
      return done({ kind: 'action', text: typedText(text('text')), ...(owner ? { owner: { kind: 'id' as const, id: owner } } : {}) });
    }
    case 'close':
      return done({ kind: 'close', ...(text('resolution') ? { resolution: typedText(text('resolution')) } : {}) });
  }
}

function channelOf(metadata: string | undefined): string | undefined {
  try {
    const meta: unknown = JSON.parse(metadata ?? '');
    return meta && typeof meta === 'object' && 'channelId' in meta && typeof meta.channelId === 'string' ? meta.channelId : undefined;
  } catch {
    return undefined;
  }
}
