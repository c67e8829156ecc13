import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';

const QUARTER_HOUR = 15 * 60_000;
const MINUTE = 60_000;
/** Patterns naming the zone or its offset need the zoned date itself. */
const ZONE_TOKENS = /[zZxXO]/;
/** Patterns that read only the wall clock's time of day ('h:mm a'), or only its date ('MMMM d, yyyy'). */
const TIME_OF_DAY = /^[hHkKma: ]+$/;
const DATE_ONLY = /^[yMLdE, -]+$/;
const MINUTES_PER_DAY = 1440;

/** What a pattern's text depends on: the zoned instant, the wall clock's time of day, its date, or its whole minute. */
type Scope = 'zoned' | 'timeOfDay' | 'date' | 'minute';
const scopeOf = (pattern: string): Scope =>
  ZONE_TOKENS.test(pattern) ? 'zoned' : TIME_OF_DAY.test(pattern) ? 'timeOfDay' : DATE_ONLY.test(pattern) ? 'date' : 'minute';

/**
 * Clock times and zone names in one time zone, memoized. Building an Intl
 * formatter costs ~80 µs, so one is built per clock for zone names; date-fns' `format` on a TZDate
 * looks the offset up several times per call, which made a 10,000-entry
 * draft take seconds. A zone's offset and abbreviation change only at a
 * transition, and transitions fall on quarter hours, so one lookup per
 * quarter hour is exact. Create one per draft (or `reset` it) so the caches
 * never outgrow the document they serve.
 */
export class ZoneClock {
  private readonly zones = new Map<number, { offset: number; name?: string }>();
  /** Per pattern: what its memo is keyed by, and the memo. */
  private readonly formatted = new Map<string, { scope: Scope; memo: Map<number, string> }>();
  private readonly names: Intl.DateTimeFormat;

  constructor(readonly timezone: string) {
    if (Number.isNaN(tzOffset(timezone, new Date(0)))) throw new RangeError(`unknown time zone: ${timezone}`);
    // The short (CLDR "z") name as US English writes it: EDT, CEST, GMT+8.
    this.names = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'short' });
  }

  private zone(ms: number): { offset: number; name?: string } {
    const bucket = Math.floor(ms / QUARTER_HOUR);
    let zone = this.zones.get(bucket);
    if (!zone) {
      zone = { offset: tzOffset(this.timezone, new Date(bucket * QUARTER_HOUR)) };
      this.zones.set(bucket, zone);
    }
    return zone;
  }

  /** The zone's abbreviation at that instant: EDT in July, EST in January. */
  zoneName(d: Date): string {
    const zone = this.zone(d.getTime());
    zone.name ??= this.names.formatToParts(Math.floor(d.getTime() / QUARTER_HOUR) * QUARTER_HOUR).find((p) => p.type === 'timeZoneName')?.value ?? this.timezone;
    return zone.name;
  }

  /**
   * date-fns `format` in this zone, for patterns no finer than minutes ('h:mm a', 'MMMM d, yyyy' …).
   * A time-of-day pattern is formatted once per wall-clock minute of the day, a date pattern once
   * per wall-clock day, any other once per minute.
   */
  format(d: Date, pattern: string): string {
    const minute = Math.floor(d.getTime() / MINUTE) * MINUTE;
    let entry = this.formatted.get(pattern);
    if (!entry) {
      entry = { scope: scopeOf(pattern), memo: new Map() };
      this.formatted.set(pattern, entry);
    }
    const wallMinute = minute / MINUTE + this.zone(minute).offset;
    const key =
      entry.scope === 'timeOfDay'
        ? ((wallMinute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY
        : entry.scope === 'date'
          ? Math.floor(wallMinute / MINUTES_PER_DAY)
          : minute;
    let text = entry.memo.get(key);
    if (text === undefined) {
      text = format(entry.scope === 'zoned' ? new TZDate(minute, this.timezone) : this.wallClock(minute), pattern);
      entry.memo.set(key, text);
    }
    return text;
  }

  /**
   * A plain Date whose local fields read the zone's wall clock, which date-fns
   * formats without any zone lookups. If the process's own zone cannot show
   * that wall time (its DST gap), the zoned date is used instead.
   */
  private wallClock(ms: number): Date {
    const wall = new Date(ms + this.zone(ms).offset * MINUTE);
    const local = new Date(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes());
    const exact =
      local.getDate() === wall.getUTCDate() && local.getHours() === wall.getUTCHours() && local.getMinutes() === wall.getUTCMinutes();
    return exact ? local : new TZDate(ms, this.timezone);
  }

  /** Midnight of the instant's day in this zone. */
  startOfDay(d: Date): Date {
    const t = new TZDate(d.getTime(), this.timezone);
    t.setHours(0, 0, 0, 0);
    return new Date(t.getTime());
  }

  reset(): void {
    this.zones.clear();
    this.formatted.clear();
  }
}
