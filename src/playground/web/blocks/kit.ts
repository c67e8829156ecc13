// Reading Block Kit JSON, which arrives untyped: small narrowing helpers so components never trust a shape.

import { inlineText, parsePlain } from '../text/mrkdwn';

export type Json = Record<string, unknown>;

export function asObj(x: unknown): Json | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : null;
}

export function str(o: Json | null, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function list(o: Json | null, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** A text object: `plain_text` or `mrkdwn`. */
export interface TextObj {
  type: string;
  text: string;
  emoji?: boolean;
}

export function textObj(x: unknown): TextObj | null {
  const o = asObj(x);
  const text = str(o, 'text');
  if (!o || text === undefined) return null;
  return { type: str(o, 'type') ?? 'plain_text', text, emoji: o.emoji === false ? false : true };
}

export interface OptionObj {
  text: TextObj;
  value: string;
  description: TextObj | null;
}

export function optionObj(x: unknown): OptionObj | null {
  const o = asObj(x);
  const text = textObj(o?.text);
  const value = str(o, 'value');
  if (!text || value === undefined) return null;
  return { text, value, description: textObj(o?.description) };
}

/** A select's options, groups flattened (the page shows them with <optgroup> where it can). */
export function optionsOf(el: Json): OptionObj[] {
  const direct = list(el, 'options');
  const grouped = list(el, 'option_groups').flatMap((g) => list(asObj(g), 'options'));
  return [...direct, ...grouped].map(optionObj).filter((o): o is OptionObj => o !== null);
}

/**
 * The text of a text object for places that take a plain string (options, placeholders, titles, confirms):
 * entities decoded and `:emoji:` names shown, as Slack shows them in a menu.
 */
export function plainText(x: unknown): string {
  const t = textObj(x);
  return t ? inlineText(parsePlain(t.text, t.emoji !== false)) : '';
}

/** A JSON dump of what the page does not know how to show: shown, never hidden. */
export const dump = (x: unknown): string => JSON.stringify(x, null, 2);
