/** Wall-clock times typed by people ("09:30", "9:30 pm") and the instants they mean in the incident's time zone. */
import { TZDate, tzOffset } from '@date-fns/tz';
import type { ClockTime } from './commandTypes';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const H24 = /^([01]?\d|2[0-3]):([0-5]\d)$/;
// `0:30am` and `13:00pm` are refused rather than guessed at: either could be a typo for something else.
const H12 = /^(0?[1-9]|1[0-2]):([0-5]\d)\s*(am|pm)$/i;

export function parseClockTime(token: string): ClockTime | undefined {
  const text = token.trim();
  const h24 = H24.exec(text);
  if (h24) return { hour: Number(h24[1]), minute: Number(h24[2]) };
  const h12 = H12.exec(text);
  if (!h12) return undefined;
  const hour12 = Number(h12[1]) % 12; // 12 am is midnight, 12 pm is noon
  const pm = (h12[3] ?? '').toLowerCase() === 'pm';
  return { hour: pm ? hour12 + 12 : hour12, minute: Number(h12[2]) };
}

/**
 * True for a token that was meant as a time even if it is not a valid one (`25:00`, `9.30`, `9pm`),
 * so a caller can say "that is not a time" instead of silently treating it as text.
 */
export function looksLikeClockTime(token: string): boolean {
  // Whole-word only, and `.` only as `9.30`: notes such as "1.5x latency" or "3.2 rolled out" are text.
  return /^\d{1,2}:\d{1,3}(am|pm)?$/i.test(token) || /^\d{1,2}\.\d{2}$/.test(token) || /^\d{1,2}(am|pm)$/i.test(token);
}

/**
 * The instant at which the clock in `timeZone` last showed `time`, at or before `now`:
 * at 10:00, `09:30` is today and `11:00` is yesterday.
 */
export function resolveClockTime(time: ClockTime, now: Date, timeZone: string): Date {
  const today = new TZDate(now.getTime(), timeZone);
  if (Number.isNaN(today.getTime())) throw new RangeError(`unknown time zone: ${timeZone}`);
  // Usually one step back is enough; a zone whose clock jumps over midnight can need a second.
  for (let daysBack = 0; daysBack <= 2; daysBack += 1) {
    const candidate = wallClockToInstant(
      Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() - daysBack, time.hour, time.minute),
      timeZone,
    );
    if (candidate.getTime() <= now.getTime()) return candidate;
  }
  throw new RangeError(`cannot resolve ${time.hour}:${time.minute} before ${now.toISOString()} in ${timeZone}`);
}

/**
 * `wall` is the local date-time written as if it were UTC. TZDate's own constructor resolves an ambiguous
 * fall-back time differently depending on the host's time zone, so both readings are worked out here:
 * the offsets in force a day either side are the only ones the wall time can have.
 */
function wallClockToInstant(wall: number, timeZone: string): Date {
  const offsetBefore = tzOffset(timeZone, new Date(wall - DAY_MS));
  const offsetAfter = tzOffset(timeZone, new Date(wall + DAY_MS));
  const readings = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wall - tzOffset(timeZone, new Date(instant)) * MINUTE_MS === instant)
    .sort((a, b) => a - b);
  // Ambiguous (clocks went back): the first time the clock showed it.
  const first = readings[0];
  if (first !== undefined) return new Date(first);
  // Skipped (clocks went forward): read with the old offset, which lands as far past the jump as the time was into
  // the gap (02:30 on a 02:00→03:00 night becomes 03:30).
  return new Date(wall - offsetBefore * MINUTE_MS);
}
