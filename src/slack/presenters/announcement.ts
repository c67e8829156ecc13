import type { Incident } from '../../domain/incident';
import type { MessageContent } from '../webApi';
import { escapeMrkdwn, truncate } from '../escape';
import { formatClock } from './summary';

/** The post in ANNOUNCEMENTS_CHANNEL: what is going on and where to follow it; edited as the incident changes. */
export function buildAnnouncement(incident: Incident, opts: { timezone: string }): MessageContent {
  const state = incident.status === 'open' ? incident.phase : 'closed';
  const facts = [
    incident.severity ? incident.severity.toUpperCase() : 'severity not set',
    state,
    incident.roles.lead ? `lead <@${incident.roles.lead}>` : 'no lead yet',
  ].join(' · ');
  const icon = incident.status === 'open' ? ':rotating_light:' : ':white_check_mark:';
  const title = truncate(escapeMrkdwn(incident.title), 500);
  const text = `${icon} *Incident #${incident.number}: ${title}*\n${facts}\nFollow it in <#${incident.channelId}>`;
  return {
    text: truncate(`${icon} Incident #${incident.number}: ${title} (${state})`, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Last update ${formatClock(incident.lastActivityAt, opts.timezone)}` }] },
    ],
  };
}
