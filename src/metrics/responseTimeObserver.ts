import { stepsFirstReached, type ResponseStep } from '../domain/responseTimes';
import type { Severity } from '../domain/commandTypes';
import type { IncidentStore } from '../usecases/ports/incidents';
import type { TimelineStore } from '../usecases/ports/timeline';

/** Facts that can make an incident reach a response step: its declaration (with a lead), a lead, a status, its close. */
const mayReachAStep = (kind: string | undefined) => kind === 'declared' || kind === 'role' || kind === 'status' || kind === 'closed';

/**
 * The timeline store, telling `observe` when a newly recorded fact makes its incident reach a response
 * step for the first time (see domain/responseTimes.ts). A fact is recorded once under its key, so a
 * command applied again (a crash, a redelivery) observes nothing more. The incident is read before the
 * fact is added: the command's own change to it comes after (usecases/recordChange.ts).
 */
export function observingResponseTimes(
  timeline: TimelineStore,
  incidents: Pick<IncidentStore, 'findById'>,
  observe: (step: ResponseStep, severity: Severity | undefined, ms: number) => void,
): TimelineStore {
  return {
    ...timeline,
    async add(entry, recordedAt) {
      const fact = entry.fact;
      if (!fact || !mayReachAStep(fact.kind)) return timeline.add(entry, recordedAt);
      const before = await incidents.findById(entry.incidentId);
      const added = await timeline.add(entry, recordedAt);
      if (added && before) for (const { step, ms } of stepsFirstReached(before, fact, entry.at)) observe(step, before.severity, ms);
      return added;
    },
  };
}
