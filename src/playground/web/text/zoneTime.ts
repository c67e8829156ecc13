// A datetime picker shows wall-clock time in the reader's Slack zone, not the browser's: these convert between
// a unix time and the `YYYY-MM-DDTHH:mm` an <input type="datetime-local"> holds, in a given zone.

import { zonedParts } from './dateTokens';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `unix` as the wall-clock time a reader in `zone` sees. */
export function toWallClock(unix: number, zone: string): string {
  const p = zonedParts(unix * 1000, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** How far `zone` is ahead of UTC at the moment `ms`, in ms. */
function offsetAt(ms: number, zone: string): number {
  const p = zonedParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock time in `zone` as unix seconds, or null for text that is not one. */
export function fromWallClock(wall: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wall);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The zone's offset is read twice: once near the guess and once at the answer, which settles DST edges.
  let ms = asUtc - offsetAt(asUtc, zone);
  ms = asUtc - offsetAt(ms, zone);
  return Math.round(ms / 1000);
}
