import { minutesBetween } from './duration';
import type { Incident, TimelineEntry } from './incident';

/** Where the start of the impact came from: a person's `/incident started`, or the earliest sign recorded. */
export type WindowStartSource = 'stated' | 'detection' | 'timeline' | 'declaration';
/** Where the end came from, best first: `/incident ended`, a resolution entry, the status, the close, the draft's own time. */
export type WindowEndSource = 'stated' | 'resolution' | 'resolved' | 'closed' | 'now';

export interface WindowBounds {
  start: Date;
  end: Date;
  minutes: number;
  startSource: WindowStartSource;
  endSource: WindowEndSource;
}

export interface ImpactWindow extends WindowBounds {
  /** Start and end fall on the same calendar day in the incident's zone. */
  sameDay: boolean;
  /** Start and end carry the same zone abbreviation (no DST switch in between). */
  sameZone: boolean;
}

export interface DeadEndSpan<E = TimelineEntry> {
  entry: E;
  /** The first investigation after the previous dead end (or the start): when this path was taken up. */
  since: Date | null;
  /** Null when no investigation was marked before it: the time spent is unknown. */
  minutes: number | null;
}

export type PhaseKey = 'detect' | 'declare' | 'identify' | 'mitigate' | 'resolve';

export interface PhaseTiming {
  key: PhaseKey;
  /** Reads after "Time to": "identify the root cause". */
  label: string;
  /** When the phase's event happened; null when nothing recorded it. */
  at: Date | null;
  /** From the start of the impact; null when `at` is. */
  minutes: number | null;
  /** The question for a human when the event is missing, else null. */
  todo: string | null;
}

/**
 * The impact window. The start is the earliest sign anything was wrong; the
 * end is the first resolution after the last mitigation, because a resolution
 * followed by more mitigation means the impact came back.
 */
export function impactWindow(incident: Incident, sorted: readonly TimelineEntry[], now: Date): WindowBounds {
  const { start, startSource } = derivedStart(incident, sorted);
  const { end, endSource } = derivedEnd(incident, sorted, now);
  const s = incident.impactStartedAt ?? start;
  const e = incident.impactEndedAt ?? end;
  return {
    start: s,
    end: e,
    minutes: minutesBetween(s, e),
    startSource: incident.impactStartedAt ? 'stated' : startSource,
    endSource: incident.impactEndedAt ? 'stated' : endSource,
  };
}

function derivedStart(incident: Incident, sorted: readonly TimelineEntry[]): { start: Date; startSource: WindowStartSource } {
  // In order of preference, so that on a tie the more telling source names the start.
  const candidates: Array<[Date | undefined, WindowStartSource]> = [
    [sorted.find((e) => e.kind === 'detection')?.at, 'detection'],
    [incident.declaredAt, 'declaration'],
    [sorted[0]?.at, 'timeline'],
  ];
  let best: { start: Date; startSource: WindowStartSource } | undefined;
  for (const [at, source] of candidates) if (at && (!best || at < best.start)) best = { start: at, startSource: source };
  return best ?? { start: incident.declaredAt, startSource: 'declaration' };
}

function derivedEnd(incident: Incident, sorted: readonly TimelineEntry[], now: Date): { end: Date; endSource: WindowEndSource } {
  const lastMitigation = sorted.findLastIndex((e) => e.kind === 'mitigation');
  const resolution = sorted.find((e, i) => i > lastMitigation && e.kind === 'resolution');
  if (resolution) return { end: resolution.at, endSource: 'resolution' };
  if (incident.milestones.resolved) return { end: incident.milestones.resolved, endSource: 'resolved' };
  if (incident.closedAt) return { end: incident.closedAt, endSource: 'closed' };
  return { end: now, endSource: 'now' };
}

/**
 * Each dead end with the time spent on it: from the first investigation
 * marked after the previous dead end (or after the start) up to the dead end.
 * Position in the sorted timeline decides "after", so entries of the same
 * minute keep the order they were recorded in.
 */
export function deadEnds(sorted: readonly TimelineEntry[], start: Date): DeadEndSpan[] {
  const result: DeadEndSpan[] = [];
  let previous = -1;
  sorted.forEach((entry, i) => {
    if (entry.kind !== 'dead_end') return;
    const opened = sorted.slice(previous + 1, i).find((e) => e.kind === 'investigation' && e.at >= start);
    previous = i;
    result.push({ entry, since: opened?.at ?? null, minutes: opened ? minutesBetween(opened.at, entry.at) : null });
  });
  return result;
}

/** How long each step of the response took, measured from the start of the impact. */
export function phaseTimings(incident: Incident, sorted: readonly TimelineEntry[], window: WindowBounds): PhaseTiming[] {
  const first = (kind: TimelineEntry['kind']): Date | undefined => sorted.find((e) => e.kind === kind)?.at;
  const identified = earliest(first('root_cause'), incident.milestones.identified);
  const phase = (key: PhaseKey, label: string, at: Date | undefined, todo: string): PhaseTiming => ({
    key,
    label,
    at: at ?? null,
    minutes: at ? minutesBetween(window.start, at) : null,
    todo: at ? null : todo,
  });
  return [
    phase('detect', 'detect', first('detection'), 'nothing was marked as detection; when was the problem first noticed, and how?'),
    phase('declare', 'declare', incident.declaredAt, 'when was the incident declared?'),
    phase(
      'identify',
      'identify the root cause',
      identified,
      'nothing records when the cause was found: no root-cause entry, no identified status; when was it?',
    ),
    phase('mitigate', 'mitigate', first('mitigation'), 'nothing was marked as mitigation; when did the first fix go in?'),
    phase(
      'resolve',
      'resolve',
      window.endSource === 'now' ? undefined : window.end,
      'nothing records the impact as over yet; when did it end?',
    ),
  ];
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}
