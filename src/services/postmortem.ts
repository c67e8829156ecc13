import { durationInWords } from '../domain/duration';
import type { Incident, PostmortemDraft } from '../domain/incident';
import { buildPostmortemModel, type PostmortemModel } from '../domain/postmortem';
import { escapeMrkdwn, truncate } from '../slack/escape';
import { recoverMissedEntries, type ScanResult } from './completeness';
import type { ServiceDeps } from './deps';
import { displayText } from './display';

export interface ComposedDraft {
  markdown: string;
  model: PostmortemModel;
  entryCount: number;
  actionCount: number;
  /** The impact as shown (mentions as names), for the upload's message. */
  impact?: string;
}

/**
 * Reads what was recorded and renders the draft: the database read and the
 * render, nothing else (this is what the benchmark times). Stored text keeps
 * Slack's markup; the draft shows mentions as names.
 */
export async function composePostmortem(deps: ServiceDeps, given: Incident, now: Date): Promise<ComposedDraft> {
  const [stored, storedActions, fresh, channelUrl] = await Promise.all([
    deps.repos.timeline.list(given.id),
    deps.repos.actions.list(given.id),
    // The channel scan may just have added participants.
    deps.repos.incidents.findByChannel(given.channelId),
    deps.slack.workspaceUrl(),
  ]);
  const incident = fresh ?? given;
  const authors = incident.participants;
  const ids = new Set<string>([
    incident.declaredBy,
    ...(incident.closedBy ? [incident.closedBy] : []),
    ...Object.values(incident.roles).filter((id): id is string => Boolean(id)),
    ...storedActions.flatMap((a) => (a.ownerId ? [a.ownerId] : [])),
    ...authors,
  ]);
  const names = new Map(await Promise.all([...ids].map(async (id) => [id, await deps.slack.userName(id)] as const)));
  const entries = await Promise.all(stored.map(async (e) => ({ ...e, text: await displayText(deps, e.text) })));
  const actions = await Promise.all(storedActions.map(async (a) => ({ ...a, text: await displayText(deps, a.text) })));
  const shown: Incident = { ...incident, title: await displayText(deps, incident.title) };
  if (incident.impact) shown.impact = await displayText(deps, incident.impact);
  if (incident.rootCause) shown.rootCause = await displayText(deps, incident.rootCause);

  const model = buildPostmortemModel(
    {
      incident: shown,
      entries,
      actions,
      participants: authors.map((id) => names.get(id) ?? id),
      names,
      ...(channelUrl ? { channelUrl: `${channelUrl.replace(/\/?$/, '/')}archives/${incident.channelId}` } : {}),
      now,
    },
    { timezone: deps.settings.timezone },
  );
  return {
    markdown: deps.renderer.render(model),
    model,
    entryCount: entries.length,
    actionCount: actions.length,
    ...(shown.impact ? { impact: shown.impact } : {}),
  };
}

export interface DeliveredDraft {
  draft: PostmortemDraft;
  filename: string;
  scan: ScanResult;
}

/**
 * A new draft version: first the channel is read for marked messages the bot
 * missed, then the draft is composed, stored as the next version, linked from
 * the incident and uploaded to the channel with a short summary.
 */
export async function draftPostmortem(deps: ServiceDeps, incident: Incident, by: string, now: Date): Promise<DeliveredDraft> {
  const scan = await recoverMissedEntries(deps, incident);
  if (scan.recovered > 0) deps.log.info(`incident #${incident.number}: ${scan.recovered} marked message(s) recovered from the channel history`);
  const composed = await composePostmortem(deps, incident, now);
  const draft = await deps.repos.postmortems.addVersion({
    incidentId: incident.id,
    markdown: composed.markdown,
    generatedAt: now,
    generatedBy: by,
    template: deps.renderer.templatePath,
  });
  await deps.repos.incidents.setLatestPostmortem(incident.id, draft.version);
  const filename = `postmortem-${incident.channelName}.md`;
  await deps.slack.uploadFile(incident.channelId, {
    filename,
    title: `Postmortem draft v${draft.version}: ${incident.title}`,
    content: composed.markdown,
    comment: uploadComment(incident, composed, draft.version, by),
  });
  return { draft, filename, scan };
}

function uploadComment(incident: Incident, composed: ComposedDraft, version: number, by: string): string {
  const impact = composed.impact ? escapeMrkdwn(truncate(composed.impact.split('\n')[0] ?? '', 200)) : '_not recorded_';
  return [
    `*Postmortem draft v${version}* for incident #${incident.number}, made by <@${by}>. It is a draft: edit it before you share it.`,
    `• Duration: ${durationInWords(composed.model.window.minutes)}`,
    `• Impact: ${impact}`,
    `• ${composed.entryCount} timeline entries, ${composed.actionCount} follow-up actions`,
  ].join('\n');
}
