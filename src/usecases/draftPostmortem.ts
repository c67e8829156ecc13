import type { Incident, PostmortemDraft } from '../domain/incident';
import { incidentTexts, mentionedUserIds, resolveMentions, showIncident } from '../domain/mentions';
import { buildPostmortemModel, type PostmortemModel } from '../domain/postmortem';
import { participantsOf, permalinkOf, readTimeline } from '../domain/timeline';
import type { UseCaseDeps } from './deps';
import { reconcileChannel } from './reconcileChannel';

export interface Drafted {
  draft: PostmortemDraft;
  composed: ComposedDraft;
  /** Marked messages found in the channel that the bot had missed. */
  recovered: number;
}

/**
 * A new draft version for the outbox job `jobKey`: the channel reconciled
 * first (if asked), then the draft composed and stored as the next version.
 * Run again for the same job (a retry after a failed upload), it stores no
 * second version.
 */
export async function draftPostmortem(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'transcript' | 'postmortems' | 'people' | 'history' | 'workspaceUrl' | 'renderer' | 'settings' | 'log'>,
  job: { key: string; incidentId: string; by: string; at: Date; reconcile: boolean },
  now: Date,
): Promise<Drafted | undefined> {
  const incident = await deps.incidents.findById(job.incidentId);
  if (!incident) return undefined;
  const stored = await deps.postmortems.byJob(job.key);
  let recovered = 0;
  if (job.reconcile && !stored) {
    const scan = await reconcileChannel(deps, incident, now);
    recovered = scan.recovered;
    if (scan.recovered > 0) deps.log.info(`incident #${incident.number}: ${scan.recovered} marked message(s) recovered from the channel history`);
  }
  const composed = await composePostmortem(deps, incident, job.at);
  const draft =
    stored ??
    (await deps.postmortems.addVersion(
      { incidentId: incident.id, markdown: composed.markdown, generatedAt: job.at, generatedBy: job.by, template: deps.renderer.templatePath },
      job.key,
    ));
  await deps.incidents.setLatestPostmortem(incident.id, draft.version);
  return { draft, composed: stored ? { ...composed, markdown: stored.markdown } : composed, recovered };
}

export interface ComposedDraft {
  markdown: string;
  model: PostmortemModel;
  entryCount: number;
  actionCount: number;
  /** The impact as shown (mentions as names). */
  impact?: string;
}

/**
 * Reads what was recorded and renders the draft: the database reads and the
 * render, nothing else. Stored text keeps Slack's markup; the draft shows
 * mentions as names.
 */
export async function composePostmortem(
  deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'transcript' | 'people' | 'workspaceUrl' | 'renderer' | 'settings'>,
  given: Incident,
  now: Date,
): Promise<ComposedDraft> {
  const [fresh, recorded, transcript, stored, workspace] = await Promise.all([
    deps.incidents.findById(given.id),
    deps.timeline.list(given.id),
    deps.transcript.listChannel(given.channelId),
    deps.timeline.listActions(given.id),
    deps.workspaceUrl(),
  ]);
  const incident = fresh ?? given;
  const read = readTimeline(recorded, new Map(transcript.map((m) => [m.ts, m])), deps.settings.reactionKinds);
  const participants = participantsOf(transcript);
  const actions = [...stored, ...read.followUps];
  const texts = [...incidentTexts(incident), ...read.entries.map((e) => e.text), ...actions.map((a) => a.text)];
  const ids = new Set<string>([
    incident.declaredBy,
    ...(incident.closedBy ? [incident.closedBy] : []),
    ...Object.values(incident.roles).filter((id): id is string => Boolean(id)),
    ...actions.flatMap((a) => (a.ownerId ? [a.ownerId] : [])),
    ...participants,
    ...read.entries.map((e) => e.authorId),
    ...texts.flatMap(mentionedUserIds),
  ]);
  const names = new Map(await Promise.all([...ids].map(async (id) => [id, await deps.people.userName(id)] as const)));
  const shown = (text: string) => resolveMentions(text, names);
  const entries = read.entries.map((e) => ({
    ...e,
    text: shown(e.text),
    authorName: names.get(e.authorId) ?? e.authorId,
    ...(workspace && e.messageTs ? { permalink: permalinkOf(workspace, incident.channelId, e.messageTs, e.threadTs) } : {}),
  }));
  const shownIncident = showIncident(incident, names);

  const model = buildPostmortemModel(
    {
      incident: shownIncident,
      entries,
      actions: actions.map((a) => ({ ...a, text: shown(a.text) })),
      participants: participants.map((id) => names.get(id) ?? id),
      names,
      ...(workspace ? { channelUrl: `${workspace.replace(/\/?$/, '/')}archives/${incident.channelId}` } : {}),
      now,
    },
    { timezone: deps.settings.timezone },
  );
  return {
    markdown: deps.renderer.render(model),
    model,
    entryCount: entries.length,
    actionCount: actions.length,
    ...(shownIncident.impact ? { impact: shownIncident.impact } : {}),
  };
}
