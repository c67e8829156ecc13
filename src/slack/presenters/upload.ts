import { durationInWords } from '../../domain/duration';
import type { Incident } from '../../domain/incident';
import type { DraftFigures } from '../../domain/effects';
import { escapeMrkdwn, truncate } from '../escape';

/** The message that comes with an uploaded draft: what it is, and the figures at a glance. */
export function presentUpload(incident: Incident, markdown: string, version: number, by: string, figures: DraftFigures) {
  const impact = figures.impact ? escapeMrkdwn(truncate(figures.impact.split('\n')[0] ?? '', 200)) : '_not recorded_';
  return {
    filename: `postmortem-${incident.channelName}.md`,
    title: `Postmortem draft v${version}: ${incident.title}`,
    content: markdown,
    comment: [
      `*Postmortem draft v${version}* for incident #${incident.number}, made by <@${by}>. It is a draft: edit it before you share it.`,
      `• Duration: ${durationInWords(figures.minutes)}`,
      `• Impact: ${impact}`,
      `• ${figures.entries} timeline entr${figures.entries === 1 ? 'y' : 'ies'}, ${figures.actions} follow-up action${figures.actions === 1 ? '' : 's'}`,
    ].join('\n'),
  };
}
