import { actionWords } from './actions';
import { slackDate } from '../dateTokens';
import { durationInWords } from '../../domain/duration';
import { resolveMentions } from '../../domain/mentions';
import type { ErrorMessage, Notice } from '../../domain/notices';
import { USAGE } from '../../domain/commands';
import { escapeMrkdwn, truncate } from '../escape';

const MESSAGE_MAX = 3000;

export interface NoticeContext {
  timezone: string;
  timelineEmoji: string;
  /** User id → name, for user text shown with mentions as names. */
  names: ReadonlyMap<string, string>;
}

/** Each reader sees the time in their own zone; the fallback is the incident zone's. */
const clock = (at: Date, timezone: string) => slackDate(at, timezone);

/** User text in mrkdwn: mentions as names, then escaped, so it can never ping or link. */
const userText = (text: string, ctx: NoticeContext) => escapeMrkdwn(resolveMentions(text, ctx.names));

/** A notice in words, as mrkdwn. Pure: every name it needs is in `ctx`. */
export function presentNotice(n: Notice, ctx: NoticeContext): string {
  return truncate(words(n, ctx), MESSAGE_MAX);
}

function words(n: Notice, ctx: NoticeContext): string {
  switch (n.kind) {
    case 'declared':
      return `Incident #${n.number} declared: <#${n.channelId}>. You are in the channel.`;
    case 'adopted': {
      const found = n.recovered ? ` ${n.recovered} marked message${n.recovered === 1 ? ' was' : 's were'} taken onto the timeline.` : '';
      return `Incident #${n.number} declared: <#${n.channelId}> is its channel now.${found}`;
    }
    case 'declare_failed':
      return `Sorry, I could not declare the incident (${escapeMrkdwn(n.reason)}).`;
    case 'announce_failed':
      return `I could not announce it in <#${n.channelId}> (${escapeMrkdwn(n.reason)}).`;
    case 'note_added':
      return `Added to the timeline at ${clock(n.at, ctx.timezone)}.`;
    case 'message_added':
      return `Added to the timeline of incident #${n.number} (<#${n.channelId}>) at ${clock(n.at, ctx.timezone)}${n.files ? `, with ${n.files} file${n.files === 1 ? '' : 's'}` : ''}.`;
    case 'message_already_added':
      return `That message is on the timeline of incident #${n.number} (<#${n.channelId}>) already.`;
    case 'status_unchanged':
      return `The status already is *${n.phase}*.`;
    case 'status_set':
      return `Status set to *${n.phase}*.`;
    case 'status_changed':
      return `<@${n.by}> changed the status from *${n.from}* to *${n.to}*.`;
    case 'severity_unchanged':
      return `The severity already is *${n.severity.toUpperCase()}*.`;
    case 'severity_set':
      return `Severity set to *${n.severity.toUpperCase()}*.`;
    case 'severity_changed':
      return `<@${n.by}> changed the severity ${n.from ? `from ${n.from.toUpperCase()} ` : ''}to ${n.to.toUpperCase()}.`;
    case 'role_set':
      return `<@${n.userId}> is now ${n.role}.`;
    case 'role_assigned':
      return `<@${n.userId}> is now the incident ${n.role} (set by <@${n.by}>).`;
    case 'statement_recorded':
      return n.which === 'impact' ? 'Impact recorded.' : 'Root cause recorded.';
    case 'statement_posted':
      return `<@${n.by}> recorded the ${n.which === 'impact' ? 'impact' : 'root cause'}: ${userText(n.text, ctx)}`;
    case 'action_added':
      return n.number ? `Follow-up action #${n.number} added.` : 'Follow-up action added.';
    case 'action_assigned':
    case 'action_list':
    case 'action_done':
    case 'action_already_done':
    case 'action_done_posted':
    case 'action_due':
      return actionWords(n, ctx);
    case 'action_posted':
      return `<@${n.by}> added a follow-up action: ${userText(n.text, ctx)}${n.ownerId ? ` (owner <@${n.ownerId}>)` : ''}`;
    case 'window_set':
      return `The impact ${n.edge} at ${clock(n.at, ctx.timezone)}: the postmortem will use that time.`;
    case 'reopened':
      return `Incident #${n.number} is open again.`;
    case 'reopened_posted':
      return `<@${n.by}> reopened the incident.`;
    case 'open_incidents':
      if (n.incidents.length === 0) return 'No open incidents.';
      return `*Open incidents*\n${n.incidents
        .map((i) => `• <#${i.channelId}> #${i.number} ${userText(truncate(i.title, 100), ctx)} — ${i.severity ? `${i.severity.toUpperCase()}, ` : ''}${i.phase}`)
        .join('\n')}`;
    case 'draft_posted': {
      const found = n.recovered ? ` (${n.recovered} marked message${n.recovered === 1 ? '' : 's'} recovered from the channel history)` : '';
      return `Postmortem draft v${n.version} posted in the channel${found}.`;
    }
    case 'template_broken':
      return `:warning: No postmortem draft for incident #${n.number}: the template \`${truncate(n.template, 200)}\` was changed and cannot be used:\n\`\`\`${truncate(n.reason, 2000).replace(/```/g, "'''")}\`\`\`\nFix it and run \`/incident postmortem\` again.`;
    case 'update_posted':
      return n.announced ? 'Status update posted here and in the announcements channel.' : 'Status update posted.';
    case 'status_update':
      return `:loudspeaker: *Status update* from <@${n.by}>:\n${userText(n.text, ctx)}`;
    case 'status_update_announced':
      return `:loudspeaker: *Incident #${n.number}: ${userText(n.title, ctx)}* (<#${n.channelId}>), update from <@${n.by}>:\n${userText(n.text, ctx)}`;
    case 'update_due': {
      const since = n.updatedBefore ? `since the last status update` : `since it was declared`;
      return `:memo: Incident #${n.number} (<#${n.channelId}>) has had no status update for ${durationInWords(n.sinceMinutes)} (${since}). Post one with \`/incident update <where things stand>\`.`;
    }
    case 'reminder':
      return `:hourglass_flowing_sand: Nothing has been recorded for ${durationInWords(n.quietMinutes)}. Where do things stand? Post an update and mark it with :${ctx.timelineEmoji}:, or \`/incident status …\` / \`/incident note …\`.`;
    case 'error':
      return errorWords(n.message, ctx);
  }
}

export function errorWords(e: ErrorMessage, ctx: Pick<NoticeContext, 'timezone'>): string {
  switch (e.kind) {
    case 'not_an_incident_channel': {
      const where = e.openChannels.length
        ? `Open incidents: ${e.openChannels.map((c) => `<#${c}>`).join(', ')}.`
        : 'There is no open incident (`/incident start <title>` declares one).';
      return `This is not an incident channel: run this command in the incident's channel. ${where}`;
    }
    case 'incident_closed':
      return `Incident #${e.number} is closed. \`/incident reopen\` reopens it.`;
    case 'already_closed':
      return `Incident #${e.number} is already closed.`;
    case 'not_closed':
      return `Incident #${e.number} is open already.`;
    case 'not_a_member':
      return `Only members of <#${e.channelId}> can change incident #${e.number}: join the channel first.`;
    case 'external_user':
      return `Incident #${e.number} is run by its own organization: people from other organizations in this shared channel can post and mark messages, but not change the incident.`;
    case 'user_not_found':
      return e.name
        ? `I could not find @${escapeMrkdwn(e.name)} in this workspace: pick the person from Slack's @ menu.`
        : 'I could not find that person in this workspace.';
    case 'window_conflict':
      return `The impact cannot have ${e.edge} at ${clock(e.at, ctx.timezone)}: it ${e.edge === 'started' ? 'ended' : 'started'} at ${clock(e.other, ctx.timezone)}.`;
    case 'draft_too_soon':
      return `A draft of incident #${e.number} was made moments ago: try \`/incident postmortem\` again in ${e.waitSeconds} s (each draft reads the whole channel).`;
    case 'not_recorded':
      return 'Sorry, that was *not recorded*: I cannot reach my database right now. Please try again in a moment.';
    case 'failed':
      return `Sorry, I could not ${e.what}: an unexpected error occurred (details are in the bot's log).`;
    case 'cannot_adopt':
      return `\`/incident start --here\` cannot make this an incident channel: ${ADOPT_REFUSALS[e.reason](e.number)}`;
    case 'no_such_action':
      return `Incident #${e.incidentNumber} has no follow-up action #${e.number}: \`/incident actions\` lists them.`;
    case 'not_action_owner':
      return `Only its owner or members of <#${e.channelId}> can mark follow-up action #${e.number} done.`;
    case 'message_not_found':
      return 'I cannot read that message: it was deleted, or I am not in its channel (`/invite` me there first).';
    case 'incident_not_found':
      return 'That incident no longer exists.';
  }
}

const ADOPT_REFUSALS: Record<Extract<ErrorMessage, { kind: 'cannot_adopt' }>['reason'], (n?: number) => string> = {
  direct_message: () => 'it is a direct message. Run it in a channel, or without `--here` to open a new one.',
  announcements_channel: () => 'it is the announcements channel. Run it without `--here` to open a new channel.',
  incident_channel: (n) => `it already is the channel of incident #${n ?? '?'}.`,
  archived: () => 'it is archived.',
  not_visible: () => 'I cannot see it. In a private channel, add me to it first (`/invite @incident-bot`), then try again.',
  public_channel: () => 'it is public, and `--private` needs a private channel. Run it in a private channel, or drop `--here` to open a new private one.',
};

/** The usage text, as mrkdwn. */
export const usage = () => escapeMrkdwn(USAGE);
