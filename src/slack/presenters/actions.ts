import type { types } from '@slack/bolt';
import { resolveMentions } from '../../domain/mentions';
import type { ActionLine, Notice } from '../../domain/notices';
import { slackDate } from '../dateTokens';
import { escapeMrkdwn, truncate } from '../escape';

/** The Done button's action id; its value says which action of which incident channel. */
export const ACTION_DONE = 'action_done';
export const doneValue = (channelId: string, number: number) => `${channelId}|${number}`;
export function readDoneValue(value: string | undefined): { channelId: string; number: number } | undefined {
  const m = /^([CGD][A-Z0-9]+)\|(\d{1,6})$/.exec(value ?? '');
  return m?.[1] && m[2] ? { channelId: m[1], number: Number(m[2]) } : undefined;
}

type ActionNotice = Extract<Notice, { kind: 'action_assigned' | 'action_list' | 'action_done' | 'action_already_done' | 'action_done_posted' | 'action_due' }>;
interface Ctx {
  timezone: string;
  names: ReadonlyMap<string, string>;
}

const SHOWN = 40;
const userText = (text: string, ctx: Ctx) => escapeMrkdwn(resolveMentions(text, ctx.names));
const numbered = (number: number | undefined) => (number ? `#${number} ` : '');

function line(a: ActionLine, ctx: Ctx): string {
  const owner = a.ownerId ? `<@${a.ownerId}>` : '_no owner_';
  const state = a.done ? `:white_check_mark: done by <@${a.done.by}> ${slackDate(a.done.at, ctx.timezone)}` : ':black_square_button: open';
  return `*#${a.number}* ${userText(a.text, ctx)} · ${owner} · ${state}`;
}

/** Follow-up actions in words (mrkdwn). */
export function actionWords(n: ActionNotice, ctx: Ctx): string {
  switch (n.kind) {
    case 'action_assigned':
      return `<@${n.by}> gave you follow-up action ${numbered(n.number)}of incident #${n.incidentNumber} (<#${n.channelId}>): ${userText(n.text, ctx)}`;
    case 'action_list': {
      if (n.actions.length === 0 && n.markedFollowUps.length === 0) return `Incident #${n.incidentNumber} has no follow-up actions yet: \`/incident action <text> [@owner]\` adds one.`;
      const marked = n.markedFollowUps.length ? [`*Marked as follow-ups in the channel*`, ...n.markedFollowUps.map((t) => `• ${userText(t, ctx)}`)] : [];
      const open = n.actions.filter((a) => !a.done).length;
      return [`*Follow-up actions of incident #${n.incidentNumber}* (${open} open of ${n.actions.length})`, ...n.actions.slice(0, SHOWN).map((a) => line(a, ctx)), ...marked].join('\n');
    }
    case 'action_done':
      return `Follow-up action #${n.number} is done: ${userText(n.text, ctx)}`;
    case 'action_already_done':
      return `Follow-up action #${n.number} was already marked done by <@${n.by}> ${slackDate(n.at, ctx.timezone)}.`;
    case 'action_done_posted':
      return `<@${n.by}> marked follow-up action #${n.number} done: ${userText(n.text, ctx)}`;
    case 'action_due':
      return `:alarm_clock: Follow-up action ${numbered(n.number)}of incident #${n.incidentNumber} (<#${n.channelId}>) is still open after ${n.days} day${n.days === 1 ? '' : 's'}: ${userText(n.text, ctx)}${n.number ? `\nWhen it is done: \`/incident action done ${n.number}\` in the channel.` : ''}`;
  }
}

/** Blocks for a notice that has buttons (the action list's Done buttons); undefined for plain text. */
export function noticeBlocks(n: Notice, ctx: Ctx): Array<types.KnownBlock> | undefined {
  if (n.kind !== 'action_list' || n.actions.length === 0) return undefined;
  const words = actionWords(n, ctx).split('\n');
  const rows: types.KnownBlock[] = n.actions.slice(0, SHOWN).map((a) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(line(a, ctx), 3000) },
    ...(a.done ? {} : { accessory: { type: 'button', action_id: ACTION_DONE, text: { type: 'plain_text', text: 'Done' }, value: doneValue(n.channelId, a.number) } }),
  }));
  const marked = n.markedFollowUps.length ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(words.slice(1 + Math.min(SHOWN, n.actions.length)).join('\n'), 3000) } }] : [];
  return [{ type: 'section', text: { type: 'mrkdwn', text: words[0] ?? '' } }, ...rows, ...marked];
}
