import { durationInWords, minutesBetween } from '../../domain/duration';
import type { Incident } from '../../domain/incident';
import type { MessageContent } from '../webApi';
import { slackAgo, slackDate } from '../dateTokens';
import { escapeMrkdwn, truncate } from '../escape';
import { summaryButtons } from '../views/summaryModals';

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

/** A time on a Slack surface: each reader sees it in their own zone, with the incident zone's time as the fallback. */
export function formatClock(d: Date, timezone: string): string {
  return slackDate(d, timezone);
}

const PHASE_LABEL = {
  investigating: ':mag: Investigating',
  identified: ':bulb: Identified',
  monitoring: ':eyes: Monitoring',
  resolved: ':white_check_mark: Resolved',
} as const;

const person = (id: string | undefined) => (id ? `<@${id}>` : '_unassigned_');

/** The pinned summary at the top of an incident channel; edited in place as the incident changes. */
export function buildSummaryMessage(
  incident: Incident,
  opts: { timezone: string; timelineEmoji: string; now: Date },
): MessageContent {
  const open = incident.status === 'open';
  const status = open ? PHASE_LABEL[incident.phase] : ':lock: Closed';
  const end = incident.closedAt ?? opts.now;
  const fields = [
    `*Status*\n${status}`,
    `*Severity*\n${incident.severity ? incident.severity.toUpperCase() : '_not set_'}`,
    `*Lead*\n${person(incident.roles.lead)}`,
    `*Scribe / Comms*\n${person(incident.roles.scribe)} / ${person(incident.roles.comms)}`,
    `*Declared*\n${formatClock(incident.declaredAt, opts.timezone)} by <@${incident.declaredBy}>`,
    `*${open ? 'Elapsed' : 'Duration'}*\n${durationInWords(minutesBetween(incident.declaredAt, end))}`,
    `*Last status update*\n${
      incident.lastUpdateAt
        ? `${formatClock(incident.lastUpdateAt, opts.timezone)} (${slackAgo(incident.lastUpdateAt, opts.now)})`
        : '_none yet: `/incident update <text>`_'
    }`,
  ];
  const impact = incident.impact ? truncate(escapeMrkdwn(incident.impact), FIELD_MAX) : '_not recorded yet: `/incident impact <text>`_';
  const hint = open
    ? `Last update ${formatClock(incident.lastActivityAt, opts.timezone)}. React with :${opts.timelineEmoji}: to add a message to the timeline; \`/incident help\` lists the commands.`
    : `Closed ${incident.closedAt ? formatClock(incident.closedAt, opts.timezone) : ''}. The postmortem draft is posted in this channel.`;
  return {
    text: truncate(`Incident #${incident.number}: ${escapeMrkdwn(incident.title)} (${open ? incident.phase : 'closed'})`, SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`Incident #${incident.number}: ${incident.title}`, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(incident.title)}*`, SECTION_MAX) } },
      { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
      { type: 'section', text: { type: 'mrkdwn', text: `*Impact*\n${impact}` } },
      ...(incident.rootCause
        ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Root cause*\n${truncate(escapeMrkdwn(incident.rootCause), FIELD_MAX)}` } } as const]
        : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: hint }] },
      // An open incident's buttons: each opens a small form that stores the matching command.
      ...(open ? [summaryButtons(incident.number)] : []),
    ],
  };
}
