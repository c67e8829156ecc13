// A modal's inputs as Slack fills `view.state.values` on submission: what the person gave, else each
// element's initial value; a required input left empty is never submitted.
import { isRecord, type JsonRecord } from './standInModel';

/** A value a person puts in an input: text, an option's value (or several), a user id, a time (unix s); null clears it. */
export type InputValue = string | number | string[] | null;

export const optionsOf = (element: JsonRecord): JsonRecord[] => [
  ...(Array.isArray(element.options) ? element.options.filter(isRecord) : []),
  ...(Array.isArray(element.option_groups) ? element.option_groups.filter(isRecord).flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isRecord) : [])) : []),
];

/** One input's entry in `view.state.values`, as Slack fills it: what was given, else the element's initial value. */
export function stateValue(element: JsonRecord, given: InputValue | undefined): JsonRecord {
  const type = String(element.type);
  const out: JsonRecord = { type };
  const pick = (initial: unknown) => (given === undefined ? (initial ?? null) : given);
  switch (type) {
    case 'plain_text_input':
      out.value = pick(element.initial_value);
      break;
    case 'static_select': {
      const options = Array.isArray(element.options) ? element.options.filter(isRecord) : [];
      if (given === undefined || given === null) out.selected_option = given === null ? null : (element.initial_option ?? null);
      else {
        const option = options.find((o) => o.value === given);
        if (!option) throw new Error(`stand-in: ${String(element.action_id)} has no option ${String(given)}`);
        out.selected_option = option;
      }
      break;
    }
    case 'users_select':
      out.selected_user = pick(element.initial_user);
      break;
    case 'checkboxes': {
      // Slack sends the chosen options themselves; none chosen is an empty list.
      const options = optionsOf(element);
      const values = given === undefined ? undefined : given === null ? [] : Array.isArray(given) ? given : [String(given)];
      const chosen = values === undefined ? (Array.isArray(element.initial_options) ? element.initial_options : []) : values.map((v) => options.find((o) => o.value === v) ?? missingOption(element, v));
      out.selected_options = chosen;
      break;
    }
    case 'radio_buttons': {
      if (given === undefined || given === null) out.selected_option = given === null ? null : (element.initial_option ?? null);
      else out.selected_option = optionsOf(element).find((o) => o.value === given) ?? missingOption(element, String(given));
      break;
    }
    case 'conversations_select':
      out.selected_conversation = pick(element.initial_conversation);
      break;
    case 'datetimepicker':
      out.selected_date_time = pick(element.initial_date_time);
      break;
    case 'datepicker':
      out.selected_date = pick(element.initial_date);
      break;
    case 'timepicker':
      out.selected_time = pick(element.initial_time);
      break;
    default:
      throw new Error(`stand-in: input element ${type} is not modelled`);
  }
  return out;
}

function missingOption(element: JsonRecord, value: string): never {
  throw new Error(`stand-in: ${String(element.action_id)} has no option ${value}`);
}

export function isEmpty(entry: JsonRecord): boolean {
  const value = Object.entries(entry).find(([k]) => k !== 'type')?.[1];
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}
