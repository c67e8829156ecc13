import type { Incident } from '../domain/incident';
import type { UseCaseDeps } from './deps';

/**
 * The incidents this person may be shown (in `list`, in the "not an incident channel" hint, and
 * wherever incidents are listed): a public incident to the workspace's full members; to a guest or
 * someone of another organization, only those whose channel they are in; a private incident only to
 * the members of its channel. Membership is read from Slack each time (an invite counts at once);
 * what kind of account someone has is cached with their name.
 */
export async function visibleTo<T extends Pick<Incident, 'channelId' | 'private'>>(deps: Pick<UseCaseDeps, 'people'>, userId: string, incidents: T[]): Promise<T[]> {
  if (incidents.length === 0) return [];
  const limited = incidents.some((i) => !i.private) && (await isLimited(deps, userId));
  const shown = await Promise.all(
    incidents.map(async (i) => (i.private || limited ? (await deps.people.channelMembers(i.channelId)).includes(userId) : true)),
  );
  return incidents.filter((_, n) => shown[n]);
}

async function isLimited(deps: Pick<UseCaseDeps, 'people'>, userId: string): Promise<boolean> {
  const [guest, external] = await Promise.all([deps.people.isGuest(userId), deps.people.isExternal(userId)]);
  return guest || external;
}
