import { durationInWords } from '../../domain/duration';
import type { Incident } from '../../domain/incident';
import type { ComposedDraft } from '../../usecases/draftPostmortem';
import { escapeMrkdwn, truncate } from '../escape';

/** The message that comes with an uploaded draft: what it is, and the figures at a glance. */
export function presentUpload(incident: Incident, composed: ComposedDraft, version: number, by: string) {
  const impact = composed.impact ? escapeMrkdwn(truncate(composed.impact.split('\n')[0] ?? '', 200)) : '_not recorded_';
  return {
    filename: `postmortem-${incident.channelName}.md`,
    title: `Postmortem draft v${version}: ${incident.title}`,
    content: composed.markdown,
    comment: [
      `*Postmortem draft v${version}* for incident #${incident.number}, made by <@${by}>. It is a draft: edit it before you share it.`,
      `• Duration: ${durationInWords(composed.model.window.minutes)}`,
      `• Impact: ${impact}`,
      `• ${composed.entryCount} timeline entries, ${composed.actionCount} follow-up actions`,
    ].join('\n'),
  };
}
