import { PHASES, type Phase } from './commandTypes';
import type { Incident, TimelineFact } from './incident';

/**
 * How long the response took to reach each step, from the declaration, out of what an incident
 * records (its milestones and its first acknowledgement), never from when it was last updated.
 * The metrics observe these as incidents reach each step; App Home computes figures from them.
 */

export const RESPONSE_STEPS = ['acknowledge', 'identify', 'mitigate', 'resolve'] as const;
export type ResponseStep = (typeof RESPONSE_STEPS)[number];

/** The phase whose milestone marks each later step. */
const STEP_PHASE: Record<Exclude<ResponseStep, 'acknowledge'>, Phase> = { identify: 'identified', mitigate: 'monitoring', resolve: 'resolved' };

export interface ResponseMarks {
  declaredAt: Date;
  /** When each phase was (last) entered. */
  milestones: Partial<Record<Phase, Date>>;
  /** The first lead assignment or status change (a lead named at the declaration: the declaration). */
  acknowledgedAt?: Date | undefined;
}

/**
 * When each step was reached. A phase counts as reached by any later one too (straight from
 * investigating to monitoring also identified the problem), so the steps come in order. A phase
 * entered, left and entered again keeps only its last time (the milestone), so the earliest of the
 * phase and the later ones is taken.
 */
export function stepTimes(marks: ResponseMarks): Partial<Record<ResponseStep, Date>> {
  const out: Partial<Record<ResponseStep, Date>> = {};
  if (marks.acknowledgedAt) out.acknowledge = marks.acknowledgedAt;
  for (const step of ['identify', 'mitigate', 'resolve'] as const) {
    const from = PHASES.indexOf(STEP_PHASE[step]);
    const reached = PHASES.slice(from).flatMap((p) => marks.milestones[p] ?? []);
    if (reached.length > 0) out[step] = new Date(Math.min(...reached.map((d) => d.getTime())));
  }
  return out;
}

/** Milliseconds from the declaration to each step reached (never negative: a step cannot come before it). */
export function responseTimes(marks: ResponseMarks): Partial<Record<ResponseStep, number>> {
  const out: Partial<Record<ResponseStep, number>> = {};
  for (const [step, at] of Object.entries(stepTimes(marks)) as Array<[ResponseStep, Date]>) {
    out[step] = Math.max(0, at.getTime() - marks.declaredAt.getTime());
  }
  return out;
}

/** Whether a fact acknowledges an incident: a lead assigned, or a status changed. */
const acknowledges = (fact: TimelineFact | undefined): boolean => fact?.kind === 'status' || (fact?.kind === 'role' && fact.role === 'lead');

/** The first acknowledgement among an incident's recorded facts (entries in any order). */
export function firstAcknowledgement(entries: Iterable<{ at: Date; fact?: TimelineFact | undefined }>): Date | undefined {
  let first: Date | undefined;
  for (const e of entries) if (acknowledges(e.fact) && (!first || e.at < first)) first = e.at;
  return first;
}

/** Whether an incident as stored shows it was acknowledged already (its time is on the timeline). */
export const isAcknowledged = (incident: Pick<Incident, 'roles' | 'milestones'>): boolean =>
  incident.roles.lead !== undefined || PHASES.some((p) => p !== 'investigating' && incident.milestones[p] !== undefined);

/**
 * The steps a newly recorded fact makes the incident reach for the first time, with the time each
 * took from the declaration. `before` is the incident as it was before the fact; `at` is the fact's time.
 */
export function stepsFirstReached(
  before: Pick<Incident, 'declaredAt' | 'milestones' | 'roles' | 'reached'>,
  fact: TimelineFact,
  at: Date,
): Array<{ step: ResponseStep; ms: number }> {
  // The declaration with a lead named in it: acknowledged at once.
  if (fact.kind === 'declared') return before.roles.lead !== undefined ? [{ step: 'acknowledge', ms: 0 }] : [];
  // Closing resolves an incident no phase resolved (as the stored `reached` counts it: db/incidents.ts).
  if (fact.kind === 'closed') {
    const resolved = before.reached?.resolve !== undefined || stepTimes({ declaredAt: before.declaredAt, milestones: before.milestones }).resolve !== undefined;
    return resolved ? [] : [{ step: 'resolve', ms: Math.max(0, at.getTime() - before.declaredAt.getTime()) }];
  }
  // Whatever time an earlier acknowledgement had, it counts as reached: only presence matters here.
  const was: ResponseMarks = { declaredAt: before.declaredAt, milestones: before.milestones, acknowledgedAt: isAcknowledged(before) ? before.declaredAt : undefined };
  const now: ResponseMarks = {
    ...was,
    milestones: fact.kind === 'status' ? { ...before.milestones, [fact.to]: at } : before.milestones,
    acknowledgedAt: was.acknowledgedAt ?? (acknowledges(fact) ? at : undefined),
  };
  const reachedBefore = stepTimes(was);
  const times = responseTimes(now);
  return RESPONSE_STEPS.flatMap((step) => (reachedBefore[step] === undefined && times[step] !== undefined ? [{ step, ms: times[step] }] : []));
}
