import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TZDate, tzName } from '@date-fns/tz';
import { format } from 'date-fns';
import Handlebars from 'handlebars';
import { durationInWords } from '../domain/duration';
import { escapeMarkdown } from './markdown';

export const DEFAULT_TEMPLATE = path.resolve(__dirname, '..', '..', 'templates', 'postmortem.md.hbs');

export interface TemplateRenderer<T> {
  render(model: T): string;
  /** The template file in use, recorded beside every stored draft. */
  readonly templatePath: string;
}

/**
 * Compiles a Markdown template once, at startup, with `strict: true`: a
 * template that names a field the model lacks throws on first render in the
 * startup check, never halfway through a close.
 *
 * Handlebars can only HTML-escape, which is wrong for Markdown, so templates
 * are compiled with `noEscape` and every string of the model is
 * Markdown-escaped before rendering instead: escaping stays the default, also
 * for custom templates.
 */
export function compileMarkdownTemplate<T extends object>(templatePath: string, timezone: string): TemplateRenderer<T> {
  const hbs = Handlebars.create();
  registerHelpers(hbs, timezone);
  const partialsDir = path.join(path.dirname(templatePath), 'partials');
  for (const [name, source] of readPartials(partialsDir)) hbs.registerPartial(name, source);
  const template = hbs.compile(readFileSync(templatePath, 'utf8'), { strict: true, noEscape: true });
  return {
    templatePath,
    render: (model) => template(escapeStrings(model)),
  };
}

function readPartials(dir: string): Array<[string, string]> {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.md.hbs'))
      .map((f) => [f.replace(/\.md\.hbs$/, ''), readFileSync(path.join(dir, f), 'utf8')]);
  } catch {
    return [];
  }
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v)]));
}

function registerHelpers(hbs: typeof Handlebars, timezone: string): void {
  const inZone = (d: unknown): TZDate => {
    if (!(d instanceof Date)) throw new TypeError(`expected a date, got ${typeof d}`);
    return new TZDate(d.getTime(), timezone);
  };
  /** `{{date at}}` → August 10, 2024 */
  hbs.registerHelper('date', (d: unknown) => format(inZone(d), 'MMMM d, yyyy'));
  /** `{{time at}}` → 10:30 AM */
  hbs.registerHelper('time', (d: unknown) => format(inZone(d), 'h:mm a'));
  /** `{{zone at}}` → the zone's abbreviation on that date (EDT in July, EST in January) */
  hbs.registerHelper('zone', (d: unknown) => tzName(timezone, inZone(d), 'short'));
  /** `{{sameDay a b}}` in the incident's time zone */
  hbs.registerHelper('sameDay', (a: unknown, b: unknown) => format(inZone(a), 'yyyy-MM-dd') === format(inZone(b), 'yyyy-MM-dd'));
  /** `{{duration minutes}}` → 2 hours and 45 minutes */
  hbs.registerHelper('duration', (minutes: unknown) => {
    if (typeof minutes !== 'number') throw new TypeError('duration expects a number of minutes');
    return durationInWords(minutes);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}
