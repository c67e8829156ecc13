import type { Incident } from '../domain/incident';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';

/** The incident of this channel; elsewhere, an error that names the open incident channels. */
export async function requireIncident(deps: ServiceDeps, channelId: string): Promise<Incident> {
  const incident = await deps.repos.incidents.findByChannel(channelId);
  if (incident) return incident;
  const open = await deps.repos.incidents.listOpen();
  const where = open.length
    ? `Open incidents: ${open.map((i) => `<#${i.channelId}>`).join(', ')}.`
    : 'There is no open incident (`/incident start <title>` declares one).';
  throw new AppError('NOT_AN_INCIDENT_CHANNEL', `This is not an incident channel: run this command in the incident's channel. ${where}`);
}

/** Changes come from the people working the incident, i.e. members of its channel. */
export async function requireMember(deps: ServiceDeps, incident: Incident, userId: string): Promise<void> {
  const members = await deps.slack.channelMembers(incident.channelId);
  if (!members.includes(userId)) {
    throw new AppError('NOT_A_MEMBER', `Only members of <#${incident.channelId}> can change incident #${incident.number}: join the channel first.`);
  }
}

/** The incident of this channel, open, and changed by a member. */
export async function requireChangeable(deps: ServiceDeps, channelId: string, userId: string): Promise<Incident> {
  const incident = await requireIncident(deps, channelId);
  if (incident.status === 'closed') {
    throw new AppError('INCIDENT_CLOSED', `Incident #${incident.number} is closed. \`/incident reopen\` reopens it.`);
  }
  await requireMember(deps, incident, userId);
  return incident;
}
