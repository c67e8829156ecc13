import type { Job, Outcome } from '../domain/effects';
import type { Incident, PostmortemDraft } from '../domain/incident';
import { showIncident } from '../domain/mentions';
import { buildPostmortemModel, type PostmortemModel } from '../domain/postmortem';
import path from 'node:path';
import { TemplateError } from '../errors';
import type { UseCaseDeps } from './deps';
import { readIncidentTimeline, type ReadTimelineDeps } from './readTimeline';
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
export type DraftDeps = Pick<UseCaseDeps, 'home' | 'incidents' | 'timeline' | 'transcript' | 'postmortems' | 'people' | 'history' | 'workspaceUrl' | 'renderer' | 'settings' | 'log'>;

export async function draftPostmortem(
  deps: DraftDeps,
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
 * Reads the timeline as the draft shows it and renders the draft: the
 * database reads and the render, nothing else.
 */
export async function composePostmortem(
  deps: ReadTimelineDeps,
  given: Incident,
  now: Date,
): Promise<ComposedDraft> {
  const read = await readIncidentTimeline(deps, given);
  const { incident, names, workspaceUrl } = read;
  const shownIncident = showIncident(incident, names);
  const model = buildPostmortemModel(
    {
      incident: shownIncident,
      entries: read.entries,
      actions: read.actions,
      participants: read.participants.map((id) => names.get(id) ?? id),
      names,
      ...(workspaceUrl ? { channelUrl: `${workspaceUrl.replace(/\/?$/, '/')}archives/${incident.channelId}` } : {}),
      now,
    },
    { timezone: deps.settings.timezone },
  );
  return {
    markdown: deps.renderer.render(model),
    model,
    entryCount: read.entries.length,
    actionCount: read.actions.length,
    ...(shownIncident.impact ? { impact: shownIncident.impact } : {}),
  };
}

/**
 * The draft job: the draft made and stored (once per job), then its upload as an effect of its own,
 * with the figures it is announced with; the caller of `/incident postmortem` hears when it is posted.
 */
export async function runDraft(deps: DraftDeps, job: { id: string; effect: Extract<Job, { type: 'draft' }> }, now: Date): Promise<Outcome> {
  const { effect } = job;
  let made: Drafted | undefined;
  try {
    made = await draftPostmortem(deps, { key: job.id, ...effect }, now);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    // Retrying cannot help until someone fixes the file: they are told, and the next request drafts again.
    const incident = await deps.incidents.findById(effect.incidentId);
    if (!incident) return { dead: 'incident not found' };
    const notice = { kind: 'template_broken' as const, number: incident.number, template: path.basename(err.templatePath), reason: err.reason };
    return { followUps: [effect.replyTo ? { type: 'reply', to: effect.replyTo, notice } : { type: 'post', channelId: incident.channelId, notice }] };
  }
  if (!made) return { dead: 'incident not found' };
  const { composed } = made;
  const incident = await deps.incidents.findById(effect.incidentId);
  if (incident) {
    await deps.home.draftStored({ incidentId: incident.id, incidentNumber: incident.number, title: incident.title, channelId: incident.channelId, ...(incident.private ? { private: true as const } : {}), version: made.draft.version, generatedAt: made.draft.generatedAt });
  }
  const figures = { minutes: composed.model.window.minutes, entries: composed.entryCount, actions: composed.actionCount, ...(composed.impact ? { impact: composed.impact } : {}) };
  return {
    followUps: [
      {
        type: 'upload',
        incidentId: effect.incidentId,
        version: made.draft.version,
        by: effect.by,
        figures,
        ...(effect.replyTo ? { replyTo: effect.replyTo, recovered: made.recovered } : {}),
      },
    ],
  };
}
