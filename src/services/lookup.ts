import type { Incident } from '../domain/incident';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';

export async function requireIncident(deps: ServiceDeps, channelId: string): Promise<Incident> {
  const incident = await deps.repos.incidents.findByChannel(channelId);
  if (!incident) {
    throw new AppError(
      'NOT_AN_INCIDENT_CHANNEL',
      'This is not an incident channel. Run this command in the channel of the incident (`/incident start <title>` opens one).',
    );
  }
  return incident;
}
