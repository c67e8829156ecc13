/**
 * Durations as people read them in a postmortem. Both ends are cut to the
 * minute first, so the length always matches the clock times printed beside it.
 */
const MINUTE = 60_000;

export function minutesBetween(start: Date, end: Date): number {
  const a = Math.floor(start.getTime() / MINUTE);
  const b = Math.floor(end.getTime() / MINUTE);
  return Math.max(0, b - a);
}

export function durationInWords(totalMinutes: number): string {
  if (totalMinutes < 1) return 'less than a minute';
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [
    days && plural(days, 'day'),
    hours && plural(hours, 'hour'),
    minutes && plural(minutes, 'minute'),
  ].filter((p): p is string => typeof p === 'string');
  if (parts.length === 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
