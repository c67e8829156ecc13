import type { Incident, PostmortemDraft } from '../domain/incident';
import { buildPostmortemModel } from '../domain/postmortem';
import { AppError } from '../errors';
import { refreshSummary } from './summary';
import type { ServiceDeps } from './deps';
import { displayText } from './display';
import { requireIncident } from './lookup';

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
    const stored = await repos.timeline.list(incident.id);
    // Mentions are stored raw; the draft shows them as names.
    const entries = await Promise.all(stored.map(async (e) => ({ ...e, text: await displayText(deps, e.text) })));
    const shown = { ...incident, title: await displayText(deps, incident.title) };
    const markdown = deps.renderer.render(buildPostmortemModel(shown, entries, closedAt));
    const draft = await repos.postmortems.addVersion({
      incidentId: incident.id,
      markdown,
      generatedAt: closedAt,
      generatedBy: input.userId,
      template: deps.renderer.templatePath,
    });
    await repos.incidents.setLatestPostmortem(incident.id, draft.version);

    const filename = `postmortem-${incident.channelName}.md`;
    await slack.uploadFile(incident.channelId, {
      filename,
      title: `Postmortem draft: ${incident.title}`,
      content: markdown,
      comment: `Incident closed by <@${input.userId}>. Here is the postmortem draft (version ${draft.version}) with ${entries.length} timeline entries: edit it before you share it.`,
    });
    await refreshSummary(deps, incident);
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

const alreadyClosed = (incident: Incident) =>
  new AppError('INCIDENT_ALREADY_CLOSED', `Incident #${incident.number} is already closed.`);
