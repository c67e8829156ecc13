import type { types } from '@slack/bolt';
import { SEVERITIES, type Severity } from '../../domain/commandTypes';

/** The form `/incident start` opens when it has no title. Pure: built and read without Slack. */

export const DECLARE_CALLBACK_ID = 'declare_incident';
const TITLE_MAX = 150;
const IMPACT_MAX = 3000;

export interface DeclareInput {
  title: string;
  severity?: Severity;
  impact?: string;
  leadId?: string;
  private?: true;
  sourceChannelId: string;
}

const PRIVATE_OPTION = {
  text: { type: 'plain_text' as const, text: 'Private incident' },
  description: { type: 'plain_text' as const, text: 'A private channel, not announced, shown only to its members' },
  value: 'private',
};

export function buildDeclareModal(opts: { sourceChannelId: string; severity?: Severity; private?: boolean }): types.ModalView {
  const option = (s: Severity) => ({ text: { type: 'plain_text' as const, text: s.toUpperCase() }, value: s });
  return {
    type: 'modal',
    callback_id: DECLARE_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ sourceChannelId: opts.sourceChannelId }),
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'What is happening?' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: TITLE_MAX },
      },
      {
        type: 'input',
        block_id: 'severity',
        optional: true,
        label: { type: 'plain_text', text: 'Severity' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: SEVERITIES.map(option),
          ...(opts.severity ? { initial_option: option(opts.severity) } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'impact',
        optional: true,
        label: { type: 'plain_text', text: 'Impact: who or what is affected?' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: IMPACT_MAX },
      },
      {
        type: 'input',
        block_id: 'lead',
        optional: true,
        label: { type: 'plain_text', text: 'Incident lead' },
        element: { type: 'users_select', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'private',
        optional: true,
        label: { type: 'plain_text', text: 'Visibility' },
        element: { type: 'checkboxes', action_id: 'value', options: [PRIVATE_OPTION], ...(opts.private ? { initial_options: [PRIVATE_OPTION] } : {}) },
      },
    ],
  };
}

type Values = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null; selected_options?: Array<{ value?: string }> | null; selected_user?: string | null }>
>;

/** The submitted form, or the per-field errors Slack shows in the modal. */
export function readDeclareSubmission(
  view: { state: { values: Values }; private_metadata?: string },
): { ok: true; input: DeclareInput } | { ok: false; errors: Record<string, string> } {
  const v = view.state.values;
  const title = (v.title?.value?.value ?? '').trim();
  if (!title) return { ok: false, errors: { title: 'Give the incident a title.' } };
  const severity = SEVERITIES.find((s) => s === v.severity?.value?.selected_option?.value);
  const impact = (v.impact?.value?.value ?? '').trim();
  const leadId = v.lead?.value?.selected_user ?? undefined;
  const isPrivate = (v.private?.value?.selected_options ?? []).some((o) => o.value === PRIVATE_OPTION.value);
  let sourceChannelId = '';
  try {
    const meta: unknown = JSON.parse(view.private_metadata ?? '{}');
    if (meta && typeof meta === 'object' && 'sourceChannelId' in meta && typeof meta.sourceChannelId === 'string') {
      sourceChannelId = meta.sourceChannelId;
    }
  } catch {
    // A form we did not build: answer in a DM instead of the source channel.
  }
  return {
    ok: true,
    input: { title, sourceChannelId, ...(severity ? { severity } : {}), ...(impact ? { impact } : {}), ...(leadId ? { leadId } : {}), ...(isPrivate ? { private: true as const } : {}) },
  };
}
