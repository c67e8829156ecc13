import { ZoneClock } from './zoneClock';
import type { TimelineDay, TimelineItem } from './postmortemItems';

export interface CalendarFacts {
  days: TimelineDay[];
  showDates: boolean;
  showZones: boolean;
  sameDay: boolean;
  sameZone: boolean;
}

/**
 * The facts about an incident that depend on the time zone: which calendar
 * day each entry falls on, and whether the zone's abbreviation changes (a DST
 * switch) so that a clock time alone would be ambiguous.
 */
export function calendarFacts(timezone: string, window: { start: Date; end: Date }, items: readonly TimelineItem[]): CalendarFacts {
  const clock = new ZoneClock(timezone);
  const dayOf = (d: Date): string => clock.format(d, 'yyyy-MM-dd');
  const zoneOf = (d: Date): string => clock.zoneName(d);

  const days: TimelineDay[] = [];
  let currentKey: string | undefined;
  let current: TimelineItem[] = [];
  for (const item of items) {
    const key = dayOf(item.at);
    if (key !== currentKey) {
      currentKey = key;
      current = [];
      days.push({ date: clock.startOfDay(item.at), entries: current });
    }
    current.push(item);
  }

  const sameDay = dayOf(window.start) === dayOf(window.end);
  const zones = new Set([window.start, window.end, ...items.map((i) => i.at)].map(zoneOf));
  return {
    days,
    showDates: days.length > 1 || !sameDay,
    showZones: zones.size > 1,
    sameDay,
    sameZone: zoneOf(window.start) === zoneOf(window.end),
  };
}
