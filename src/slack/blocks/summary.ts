import { TZDate, tzName } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Incident } from '../../domain/incident';
import type { SlackMessageContent } from '../../services/ports';
import { escapeMrkdwn, truncate } from '../escape';

const HEADER_MAX = 150;
const SECTION_MAX = 3000;

export function formatClock(d: Date, timezone: string): string {
  return `${format(new TZDate(d.getTime(), timezone), 'MMM d, h:mm a')} ${tzName(timezone, d, 'short')}`;
}

/** The pinned summary at the top of an incident channel; edited in place as the incident changes. */
export function buildSummaryMessage(incident: Incident, opts: { timezone: string; timelineEmoji: string }): SlackMessageContent {
  const status = incident.status === 'open' ? ':red_circle: Open' : ':white_check_mark: Closed';
  const fields = [
    `*Status*\n${status}`,
    `*Declared by*\n<@${incident.declaredBy}>`,
    `*Declared*\n${formatClock(incident.declaredAt, opts.timezone)}`,
  ];
  if (incident.closedAt) fields.push(`*Closed*\n${formatClock(incident.closedAt, opts.timezone)}`);
  const hint =
    incident.status === 'open'
      ? `React with :${opts.timelineEmoji}: to add a message to the timeline. \`/incident close\` closes the incident and drafts the postmortem.`
      : 'Closed. The postmortem draft is posted in this channel.';
  return {
    text: truncate(`Incident #${incident.number}: ${escapeMrkdwn(incident.title)} (${incident.status})`, SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(`Incident #${incident.number}: ${incident.title}`, HEADER_MAX), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(incident.title)}*`, SECTION_MAX) } },
      { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: hint }] },
    ],
  };
}
