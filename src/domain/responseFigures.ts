import { PHASES, SEVERITIES, type Severity } from './commandTypes';
import { stepTimes } from './responseTimes';
import { RESPONSE_STAGES, type Incident, type IncidentChanges, type ResponseStage } from './incident';

export { RESPONSE_STAGES, type ResponseStage };

/**
 * How fast incidents were answered, from the milestones they recorded: declared → acknowledged (a lead
 * named or the status first changed), identified, mitigated (monitoring) and resolved. Pure: the records
 * and `now` are given.
 */

/** One incident's milestones as the figures read them: each the first time it was reached. */
export interface ResponseRecord {
  severity?: Severity;
  declaredAt: Date;
  reached: Partial<Record<ResponseStage, Date>>;
}

/** Minutes to reach a stage over the incidents that reached it; undefined when none did. */
export interface StageFigure {
  reached: number;
  medianMinutes?: number;
  p90Minutes?: number;
}

export interface SeverityFigures {
  /** `none` for incidents declared without a severity. */
  severity: Severity | 'none';
  incidents: number;
  stages: Record<ResponseStage, StageFigure>;
}

export interface WindowFigures {
  days: number;
  incidents: number;
  bySeverity: SeverityFigures[];
}

export interface ResponseFigures {
  computedAt: Date;
  windows: WindowFigures[];
  /** Incidents declared in each of the last weeks, oldest first; each week is the 7 days ending at `end`. */
  perWeek: Array<{ end: Date; incidents: number }>;
}

/** The phase that marks each stage after acknowledging; a later phase reaches the earlier stages too. */
const STAGE_PHASE = { identify: 'identified', mitigate: 'monitoring', resolve: 'resolved' } as const;

/**
 * The stages a change reaches: naming a lead or changing the status acknowledges; the phases
 * identified, monitoring and resolved identify, mitigate and resolve, each also reaching the stages
 * before it (straight to monitoring identified the problem too), as the metrics count them
 * (domain/responseTimes.ts). Closing resolves.
 */
export function stagesReachedBy(changes: IncidentChanges): ResponseStage[] {
  const out: ResponseStage[] = [];
  if (changes.phase || changes.roles?.lead) out.push('acknowledge');
  const phase = changes.phase;
  if (!phase) return out;
  for (const stage of ['identify', 'mitigate', 'resolve'] as const) {
    if (PHASES.indexOf(phase) >= PHASES.indexOf(STAGE_PHASE[stage])) out.push(stage);
  }
  return out;
}

/**
 * An incident's record for the figures; one recorded before `reached` existed is read from its milestones
 * (the metrics' reading: domain/responseTimes.ts), its close resolving it if no phase did.
 */
export function responseRecord(incident: Pick<Incident, 'severity' | 'declaredAt' | 'reached' | 'milestones' | 'roles' | 'closedAt'>): ResponseRecord {
  const fromMilestones = stepTimes({ declaredAt: incident.declaredAt, milestones: incident.milestones });
  const fallback = { ...fromMilestones, ...(!fromMilestones.resolve && incident.closedAt ? { resolve: incident.closedAt } : {}) };
  return { ...(incident.severity ? { severity: incident.severity } : {}), declaredAt: incident.declaredAt, reached: incident.reached ?? fallback };
}

const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;

/** The value below which `share` of the sorted values lie (nearest rank: always one of the values). */
export function percentile(sorted: readonly number[], share: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function stageFigure(records: readonly ResponseRecord[], stage: ResponseStage): StageFigure {
  const minutes = records
    .flatMap((r) => {
      const at = r.reached[stage];
      return at ? [Math.max(0, (at.getTime() - r.declaredAt.getTime()) / MINUTE_MS)] : [];
    })
    .sort((a, b) => a - b);
  const median = percentile(minutes, 0.5);
  const p90 = percentile(minutes, 0.9);
  return { reached: minutes.length, ...(median !== undefined ? { medianMinutes: median } : {}), ...(p90 !== undefined ? { p90Minutes: p90 } : {}) };
}

function windowFigures(records: readonly ResponseRecord[], days: number, now: Date): WindowFigures {
  const since = now.getTime() - days * DAY_MS;
  const inWindow = records.filter((r) => r.declaredAt.getTime() > since && r.declaredAt.getTime() <= now.getTime());
  const severities: Array<Severity | 'none'> = [...SEVERITIES, 'none'];
  const bySeverity = severities.flatMap((severity) => {
    const mine = inWindow.filter((r) => (r.severity ?? 'none') === severity);
    if (mine.length === 0) return [];
    const stages = Object.fromEntries(RESPONSE_STAGES.map((s) => [s, stageFigure(mine, s)])) as Record<ResponseStage, StageFigure>;
    return [{ severity, incidents: mine.length, stages }];
  });
  return { days, incidents: inWindow.length, bySeverity };
}

/** The figures over each window (in days, ending now), and incidents per week over the last `weeks`. */
export function computeResponseFigures(records: readonly ResponseRecord[], now: Date, windows: readonly number[] = [30, 90], weeks = 13): ResponseFigures {
  const perWeek = Array.from({ length: weeks }, (_, i) => {
    const end = now.getTime() - (weeks - 1 - i) * 7 * DAY_MS;
    const incidents = records.filter((r) => r.declaredAt.getTime() > end - 7 * DAY_MS && r.declaredAt.getTime() <= end).length;
    return { end: new Date(end), incidents };
  });
  return { computedAt: now, windows: windows.map((d) => windowFigures(records, d, now)), perWeek };
}
