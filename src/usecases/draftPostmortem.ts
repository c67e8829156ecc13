import type { PostmortemDraft } from '../domain/incident';
import { composePostmortem, type ComposedDraft } from './composePostmortem';
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
