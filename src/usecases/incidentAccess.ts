import type { Incident } from '../domain/incident';
import { AppError } from '../errors';
import type { UseCaseDeps } from './deps';
import { visibleTo } from './visibility';

type Deps = Pick<UseCaseDeps, 'incidents' | 'people' | 'settings'>;

/** The incident of this channel; elsewhere, an error that names the open incident channels this person may see. */
export async function requireIncident(deps: Pick<Deps, 'incidents' | 'people'>, channelId: string, userId: string): Promise<Incident> {
  const incident = await deps.incidents.findByChannel(channelId);
  if (incident) return incident;
  const open = await visibleTo(deps, userId, await deps.incidents.listOpen());
  throw new AppError('NOT_AN_INCIDENT_CHANNEL', { kind: 'not_an_incident_channel', openChannels: open.map((i) => i.channelId) });
}

/**
 * Changes come from the people working the incident, i.e. members of its
 * channel, and, unless ALLOW_EXTERNAL_USERS says otherwise, only those of
 * this organization: a vendor's engineer in a shared channel can post and mark
 * messages, but closing, paging or re-rating the incident stays with its owners.
 */
export async function requireMember(deps: Pick<Deps, 'people' | 'settings'>, incident: Incident, userId: string): Promise<void> {
  if (!(await deps.people.channelMembers(incident.channelId)).includes(userId)) {
    throw new AppError('NOT_A_MEMBER', { kind: 'not_a_member', channelId: incident.channelId, number: incident.number });
  }
  if (!deps.settings.allowExternalUsers && (await deps.people.isExternal(userId))) {
    throw new AppError('EXTERNAL_USER', { kind: 'external_user', number: incident.number });
  }
}

/** The incident of this channel, open, and changed by a member. */
export async function requireChangeable(deps: Deps, channelId: string, userId: string): Promise<Incident> {
  const incident = await requireIncident(deps, channelId, userId);
  if (incident.status === 'closed') throw new AppError('INCIDENT_CLOSED', { kind: 'incident_closed', number: incident.number });
  await requireMember(deps, incident, userId);
  return incident;
}
