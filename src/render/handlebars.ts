import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { durationInWords } from '../domain/duration';
import { ZoneClock } from '../domain/zoneClock';
import { escapeMarkdown } from './markdown';

export const DEFAULT_TEMPLATE = path.resolve(__dirname, '..', '..', 'templates', 'postmortem.md.hbs');

export interface TemplateRenderer<T> {
  render(model: T): string;
  /** The template file in use, recorded beside every stored draft. */
  readonly templatePath: string;
}

export interface CompiledTemplate<T> extends TemplateRenderer<T> {
  /**
   * Renders `sample` with every field lookup checked, and throws on the first
   * field the template names that the sample lacks. Strict mode alone misses
   * those in helper arguments (`{{#if typo}}`, `{{#each typo}}`).
   */
  check(sample: T): void;
}

/**
 * Compiles a Markdown template once, at startup, with `strict: true`: a
 * template that names a field the model lacks throws on first render in the
 * startup check, never halfway through a close.
 *
 * Handlebars can only HTML-escape, which is wrong for Markdown, so templates
 * are compiled with `noEscape` and every string of the model is
 * Markdown-escaped before rendering instead: escaping stays the default, also
 * for custom templates. Helpers get escaped strings and return Markdown.
 */
export function compileMarkdownTemplate<T extends object>(templatePath: string, timezone: string): CompiledTemplate<T> {
  const hbs = Handlebars.create();
  const clock = new ZoneClock(timezone);
  registerHelpers(hbs, clock);
  const partialsDir = path.join(path.dirname(templatePath), 'partials');
  for (const [name, source] of readPartials(partialsDir)) hbs.registerPartial(name, source);
  const template = hbs.compile(readFileSync(templatePath, 'utf8'), { strict: true, noEscape: true });
  return {
    templatePath,
    render: (model) => {
      clock.reset(); // the memo serves one document at a time
      return template(escapeStrings(model));
    },
    check: (sample) => {
      template(strictView(escapeStrings(sample), 'the model'));
    },
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

/**
 * The model with every string Markdown-escaped. An entry appears in several
 * places (timeline, its day, the fixes, the dead ends): each object is
 * escaped once and shared, as it was in the model.
 */
function escapeStrings(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return escapeMarkdown(value);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const escaped = value.map((v) => escapeStrings(v, seen));
    seen.set(value, escaped);
    return escaped;
  }
  const escaped: Record<string, unknown> = {};
  seen.set(value, escaped);
  for (const [k, v] of Object.entries(value)) escaped[k] = escapeStrings(v, seen);
  return escaped;
}

/** The same data, but reading a field it does not have throws, naming the field and where it was looked for. */
function strictView(value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => strictView(v, `${where}[${i}]`));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const target: Record<string, unknown> = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictView(v, `${where}.${k}`)]));
  return new Proxy(target, {
    get(t, key, receiver) {
      // Symbols and inherited names (toString …) are Handlebars' and JavaScript's own business.
      if (typeof key === 'string' && !(key in t)) throw new Error(`the template reads "${key}", which ${where} does not have`);
      return Reflect.get(t, key, receiver);
    },
  });
}

function registerHelpers(hbs: typeof Handlebars, clock: ZoneClock): void {
  const asDate = (d: unknown): Date => {
    if (!(d instanceof Date)) throw new TypeError(`expected a date, got ${d === null ? 'null' : typeof d}`);
    return d;
  };
  const inZone = (d: unknown, pattern: string): string => clock.format(asDate(d), pattern);
  const time = (d: unknown): string => inZone(d, 'h:mm a');
  const zone = (d: unknown): string => clock.zoneName(asDate(d));
  /** `{{date at}}` → August 10, 2024 */
  hbs.registerHelper('date', (d: unknown) => inZone(d, 'MMMM d, yyyy'));
  /** `{{time at}}` → 10:30 AM */
  hbs.registerHelper('time', time);
  /** `{{zone at}}` → the zone's abbreviation on that date (EDT in July, EST in January) */
  hbs.registerHelper('zone', zone);
  /** `{{stamp at withDate}}` → 10:30 AM EDT, or 10:30 AM EDT on November 2 when `withDate` is true */
  hbs.registerHelper('stamp', (d: unknown, withDate: unknown) => {
    const stamp = `${time(d)} ${zone(d)}`;
    return withDate === true ? `${stamp} on ${inZone(d, 'MMMM d')}` : stamp;
  });
  /** `{{sameDay a b}}` in the incident's time zone */
  hbs.registerHelper('sameDay', (a: unknown, b: unknown) => inZone(a, 'yyyy-MM-dd') === inZone(b, 'yyyy-MM-dd'));
  /** `{{duration minutes}}` → 2 hours and 45 minutes */
  hbs.registerHelper('duration', (minutes: unknown) => {
    if (typeof minutes !== 'number') throw new TypeError('duration expects a number of minutes');
    return durationInWords(minutes);
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  /** `{{#if (many list)}}`: more than one item, e.g. a list rather than a single sentence */
  hbs.registerHelper('many', (list: unknown) => Array.isArray(list) && list.length > 1);
  /** `{{upper severity}}` → SEV2 */
  hbs.registerHelper('upper', (s: unknown) => String(s).toUpperCase());
  /** `{{capitalize role}}` → Lead */
  hbs.registerHelper('capitalize', (s: unknown) => {
    const text = String(s);
    return text.charAt(0).toUpperCase() + text.slice(1);
  });
}
