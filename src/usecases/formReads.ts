import type { Incident } from '../domain/incident';
import type { ErrorMessage } from '../domain/notices';
import { isAppError } from '../errors';
import type { UseCaseDeps } from './deps';
import { requireChangeable } from './incidentAccess';
import { visibleTo } from './visibility';

/**
 * What the ack path reads before it opens a form (a button's, the shortcut's): the choices the form offers,
 * and whether the person may change the incident at all, so a refusal comes at once instead of after typing.
 * Nothing is decided here for good: the stored request is checked again by its use case when applied.
 */
export function createFormReads(deps: Pick<UseCaseDeps, 'incidents' | 'people' | 'settings'>) {
  return {
    /** The open incidents this person may see (private ones only to their members). */
    openIncidents: async (userId: string): Promise<Incident[]> => visibleTo(deps, userId, await deps.incidents.listOpen()),
    incidentOf: (channelId: string): Promise<Incident | null> => deps.incidents.findByChannel(channelId),
    /** Why this person may not change the incident of this channel, or undefined when they may. */
    async refusal(channelId: string, userId: string): Promise<ErrorMessage | undefined> {
      try {
        await requireChangeable(deps, channelId, userId);
        return undefined;
      } catch (err) {
        if (isAppError(err)) return err.details;
        throw err;
      }
    },
  };
}
export type FormReads = ReturnType<typeof createFormReads>;
