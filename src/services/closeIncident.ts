import type { Incident, PostmortemDraft } from '../domain/incident';
import { AppError } from '../errors';
import type { ServiceDeps } from './deps';
import { requireIncident, requireMember } from './lookup';
import { draftPostmortem } from './postmortem';
import { refreshSummary } from './summary';

/**
 * Closes the incident in this channel and delivers the postmortem draft. The
 * close is claimed atomically first (two people closing at once make one
 * draft); if anything after that fails, the claim is undone so the close can
 * simply be tried again.
 */
export async function closeIncident(
  deps: ServiceDeps,
  input: { channelId: string; userId: string; resolution?: string },
): Promise<{ incident: Incident; draft: PostmortemDraft; filename: string }> {
  const { repos, slack } = deps;
  const open = await requireIncident(deps, input.channelId);
  if (open.status === 'closed') throw alreadyClosed(open);
  await requireMember(deps, open, input.userId);
  const closedAt = deps.now();
  const incident = await repos.incidents.markClosed(open.id, closedAt, input.userId);
  if (!incident) throw alreadyClosed(open);

  const closedKey = `closed:${closedAt.getTime()}`;
  try {
    await repos.timeline.add({
      incidentId: incident.id,
      key: closedKey,
      kind: 'closed',
      source: 'system',
      at: closedAt,
      authorId: input.userId,
      authorName: await slack.userName(input.userId),
      text: input.resolution ? `Incident closed: ${input.resolution}` : 'Incident closed',
    });
    const { draft, filename } = await draftPostmortem(deps, incident, input.userId, closedAt);
    await refreshSummary(deps, { ...incident, latestPostmortemVersion: draft.version });
    deps.log.info(`incident #${incident.number} closed; postmortem v${draft.version} stored and uploaded`);
    return { incident, draft, filename };
  } catch (err) {
    try {
      await repos.timeline.remove(incident.id, closedKey);
      await repos.incidents.reopen(incident.id, open.lastActivityAt);
    } catch (undoErr) {
      deps.log.warn(`incident #${incident.number}: could not undo the failed close:`, undoErr);
    }
    throw err;
  }
}

/** `/incident postmortem`: a new draft version at any time, open or closed. */
export async function redraftPostmortem(
  deps: ServiceDeps,
  input: { channelId: string; userId: string },
): Promise<{ draft: PostmortemDraft; recovered: number }> {
  const incident = await requireIncident(deps, input.channelId);
  await requireMember(deps, incident, input.userId);
  const { draft, scan } = await draftPostmortem(deps, incident, input.userId, deps.now());
  return { draft, recovered: scan.recovered };
}

const alreadyClosed = (incident: Incident) =>
  new AppError('INCIDENT_ALREADY_CLOSED', `Incident #${incident.number} is already closed.`);
