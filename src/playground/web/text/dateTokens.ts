// Slack's date tokens (`<!date^UNIX^FORMAT|fallback>`) as a client renders them: in the reader's own time zone,
// with "Today"/"Yesterday"/"Tomorrow" for the *_pretty forms and a relative `{ago}`. A format holding a token
// Slack does not define is shown as the fallback, as Slack's own clients do.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A moment's calendar fields as seen in one time zone. */
interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number; // 0-23
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The fields of `ms` in `zone`; an unknown zone is read as UTC rather than failing the whole message. */
export function zonedParts(ms: number, zone: string): ZonedParts {
  let f: Intl.DateTimeFormat;
  try {
    f = formatterFor(zone);
  } catch {
    f = formatterFor('UTC');
  }
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(f.formatToParts(ms).find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "6:39 AM", or "6:39:42 AM" with seconds. */
export function clockTime(p: ZonedParts, withSeconds: boolean): string {
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${h12}:${pad(p.minute)}${withSeconds ? `:${pad(p.second)}` : ''} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

/** Whole days from `now`'s calendar day to `at`'s, both in the reader's zone (-1 = yesterday). */
function dayOffset(at: ZonedParts, now: ZonedParts): number {
  return Math.round((Date.UTC(at.year, at.month - 1, at.day) - Date.UTC(now.year, now.month - 1, now.day)) / 86_400_000);
}

/** `{ago}`: the largest whole unit, "in …" for a moment still to come. */
export function agoText(atMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - atMs) / 1000);
  const abs = Math.abs(seconds);
  const units: Array<[number, string]> = [[31_536_000, 'year'], [2_592_000, 'month'], [86_400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  const [size, unit] = units.find(([s]) => abs >= s) ?? [1, 'second'];
  const n = Math.floor(abs / size);
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return seconds >= 0 ? `${phrase} ago` : `in ${phrase}`;
}

/** The value of each token Slack defines, for one moment seen by one reader. */
function tokenValues(unix: number, zone: string, nowMs: number): Record<string, string> {
  const p = zonedParts(unix * 1000, zone);
  const offset = dayOffset(p, zonedParts(nowMs, zone));
  const month = MONTHS[p.month - 1] ?? '';
  const date = `${month} ${ordinal(p.day)}, ${p.year}`;
  const short = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
  const long = `${WEEKDAYS[p.weekday] ?? ''}, ${date}`;
  const relative = offset === 0 ? 'Today' : offset === -1 ? 'Yesterday' : offset === 1 ? 'Tomorrow' : null;
  return {
    date_num: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    date,
    date_short: short,
    date_long: long,
    date_pretty: relative ?? date,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? long,
    time: clockTime(p, false),
    time_secs: clockTime(p, true),
    ago: agoText(unix * 1000, nowMs),
  };
}

/**
 * The format with each `{token}` replaced for a reader in `zone` at `nowMs`, or null when the format holds a
 * token Slack does not define (the caller then shows the fallback).
 */
export function formatDateTokens(unix: number, format: string, zone: string, nowMs: number): string | null {
  if (!Number.isFinite(unix)) return null;
  const values = tokenValues(unix, zone, nowMs);
  let unknown = false;
  const text = format.replace(/\{([^{}]*)\}/g, (_all, token: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, token) ? values[token] : undefined;
    if (value === undefined) unknown = true;
    return value ?? '';
  });
  return unknown ? null : text;
}

/** A message's time in the reader's zone, as Slack prints it beside the author ("2:05 PM"). */
export function messageTime(ts: string, zone: string): string {
  return clockTime(zonedParts(Number(ts) * 1000, zone), false);
}

/** A full date and time for a tooltip or a file's version list ("Feb 18, 2014 at 6:39:42 AM"). */
export function fullTime(unix: number, zone: string): string {
  const p = zonedParts(unix * 1000, zone);
  return `${(MONTHS[p.month - 1] ?? '').slice(0, 3)} ${p.day}, ${p.year} at ${clockTime(p, true)}`;
}
