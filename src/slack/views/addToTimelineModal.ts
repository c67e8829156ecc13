import type { types } from '@slack/bolt';
import type { Incident } from '../../domain/incident';
import { MESSAGE_CATEGORIES, type MessageCategory, type ReactionKinds } from '../../domain/reactions';
import { typedText } from '../../domain/slackText';
import { truncate } from '../escape';

/**
 * "Add to incident timeline": the message shortcut (its callback id is in the
 * app manifest) and the form it opens. Pure: built and read without Slack.
 */

export const ADD_TO_TIMELINE_SHORTCUT = 'add_to_timeline';
export const ADD_TO_TIMELINE_FORM = 'add_to_timeline_form';

/** A select offers at most 100 options. */
const MAX_INCIDENTS = 100;
const NOTE_MAX = 3000;

const LABELS: Record<MessageCategory, string> = {
  note: 'Note',
  detection: 'Detection',
  investigation: 'Investigation',
  dead_end: 'Dead end (ruled out)',
  escalation: 'Escalation',
  root_cause: 'Root cause',
  mitigation: 'Mitigation',
  resolution: 'Resolution',
  follow_up: 'Follow-up (also a task)',
};

export interface MessageRef {
  channelId: string;
  ts: string;
  threadTs?: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** A category as people know it from the reactions: its emoji, then its name. */
function categoryOption(category: MessageCategory, kinds: ReactionKinds) {
  const emoji = Object.entries(kinds).find(([, kind]) => kind === category)?.[0];
  return { text: plain(`${emoji ? `:${emoji}: ` : ''}${LABELS[category]}`), value: category };
}

const incidentOption = (i: Incident) => ({ text: plain(truncate(`#${i.number} ${i.title}`, 75)), value: i.id });

/**
 * The form, for a message: which open incident (the channel's own preselected), the category, when it happened
 * (the message's own time unless changed) and an optional note. With no open incident, it says so and asks nothing.
 */
export function buildAddToTimelineModal(opts: { message: MessageRef; incidents: readonly Incident[]; here?: Incident | null; kinds: ReactionKinds }): types.ModalView {
  const base = { type: 'modal' as const, callback_id: ADD_TO_TIMELINE_FORM, title: plain('Add to timeline') };
  const here = opts.here?.status === 'open' ? opts.here : undefined;
  const incidents = [...(here ? [here] : []), ...opts.incidents.filter((i) => i.id !== here?.id)].slice(0, MAX_INCIDENTS);
  if (incidents.length === 0) {
    return {
      ...base,
      close: plain('Close'),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'There is no open incident to add this message to. `/incident start <title>` declares one.' } }],
    };
  }
  const note = categoryOption('note', opts.kinds);
  return {
    ...base,
    submit: plain('Add'),
    close: plain('Cancel'),
    private_metadata: JSON.stringify(opts.message),
    blocks: [
      {
        type: 'input',
        block_id: 'incident',
        label: plain('Incident'),
        element: { type: 'static_select', action_id: 'value', options: incidents.map(incidentOption), ...(here ? { initial_option: incidentOption(here) } : {}) },
      },
      {
        type: 'input',
        block_id: 'category',
        label: plain('What is it?'),
        element: { type: 'static_select', action_id: 'value', options: MESSAGE_CATEGORIES.map((c) => categoryOption(c, opts.kinds)), initial_option: note },
      },
      {
        type: 'input',
        block_id: 'time',
        label: plain('When did it happen?'),
        hint: plain("The message's own time unless you change it."),
        element: { type: 'datetimepicker', action_id: 'value', initial_date_time: Math.floor(Number(opts.message.ts)) },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain('Note'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: NOTE_MAX },
      },
    ],
  };
}

export interface AddToTimelineInput {
  incidentId: string;
  message: MessageRef;
  category: MessageCategory;
  /** Set only when the person changed the time (unix seconds); else the message's own time counts. */
  atSec?: number;
  note?: string;
}

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null; selected_date_time?: number | null }>>;

/** The submitted form, or the per-field errors Slack shows in it. */
export function readAddToTimeline(view: { state: { values: Values }; private_metadata?: string }): { ok: true; input: AddToTimelineInput } | { ok: false; errors: Record<string, string> } {
  const v = view.state.values;
  const message = messageOf(view.private_metadata);
  const incidentId = v.incident?.value?.selected_option?.value;
  if (!message || !incidentId) return { ok: false, errors: { incident: message ? 'Pick the incident.' : 'This form is out of date: run the shortcut again.' } };
  const category = MESSAGE_CATEGORIES.find((c) => c === v.category?.value?.selected_option?.value);
  if (!category) return { ok: false, errors: { category: 'Pick what it is.' } };
  const chosen = v.time?.value?.selected_date_time ?? undefined;
  const note = (v.note?.value?.value ?? '').trim();
  return {
    ok: true,
    input: {
      incidentId,
      message,
      category,
      // Untouched, the picker gives back its initial value, the message's second: that means its own, exact, time.
      ...(chosen !== undefined && chosen !== Math.floor(Number(message.ts)) ? { atSec: chosen } : {}),
      // Form input is not entity-encoded: a `<` typed there is the person's, never Slack markup.
      ...(note ? { note: typedText(note) } : {}),
    },
  };
}

function messageOf(metadata: string | undefined): MessageRef | undefined {
  try {
    const meta: unknown = JSON.parse(metadata ?? '');
    if (!meta || typeof meta !== 'object' || !('channelId' in meta) || !('ts' in meta)) return undefined;
    const { channelId, ts } = meta;
    const threadTs = 'threadTs' in meta && typeof meta.threadTs === 'string' ? meta.threadTs : undefined;
    return typeof channelId === 'string' && typeof ts === 'string' ? { channelId, ts, ...(threadTs ? { threadTs } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
