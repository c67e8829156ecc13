import type { Effect } from '../domain/effects';
import type { ActionLine } from '../domain/notices';
import { AppError } from '../errors';
import type { CommandContext, UseCaseDeps } from './deps';
import { requireIncident, requireMember } from './incidentAccess';
import { readIncidentTimeline, type ReadTimelineDeps } from './readTimeline';
import { reply } from './recordChange';

/** `/incident actions`: this incident's numbered follow-ups with owners and state, and the messages marked as follow-ups. */
export async function listActions(deps: ReadTimelineDeps, ctx: CommandContext): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  const { actions } = await readIncidentTimeline(deps, incident);
  const numbered: ActionLine[] = actions.flatMap((a) =>
    a.number ? [{ number: a.number, text: a.text, ...(a.ownerId ? { ownerId: a.ownerId } : {}), ...(a.done ? { done: a.done } : {}) }] : [],
  );
  const marked = actions.filter((a) => !a.number && a.messageTs).map((a) => a.text);
  return [reply(ctx, { kind: 'action_list', incidentNumber: incident.number, channelId: incident.channelId, actions: numbered, markedFollowUps: marked })];
}

/**
 * `/incident action done N`, and the Done button (in the list, in App Home): its owner or a member of
 * the incident's channel marks it done, open or closed incident alike (follow-ups outlive incidents).
 * Applied again after it landed, the same request finds its own mark.
 */
export async function completeAction(deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'people' | 'settings'>, ctx: CommandContext, number: number): Promise<Effect[]> {
  const incident = await requireIncident(deps, ctx.channelId, ctx.userId);
  const action = await deps.timeline.actionByNumber(incident.id, number);
  if (!action) throw new AppError('NO_SUCH_ACTION', { kind: 'no_such_action', number, incidentNumber: incident.number });
  if (action.ownerId !== ctx.userId) {
    await requireMember(deps, incident, ctx.userId).catch(() => {
      throw new AppError('NOT_ACTION_OWNER', { kind: 'not_action_owner', number, channelId: incident.channelId });
    });
  }
  const marked = (await deps.timeline.markActionDone(incident.id, number, ctx.userId, ctx.now)) || (action.done?.by === ctx.userId && action.done.at.getTime() === ctx.now.getTime());
  if (!marked) {
    const done = action.done ?? (await deps.timeline.actionByNumber(incident.id, number))?.done;
    return [reply(ctx, done ? { kind: 'action_already_done', number, by: done.by, at: done.at } : { kind: 'action_done', number, text: action.text })];
  }
  return [
    { type: 'post', channelId: incident.channelId, notice: { kind: 'action_done_posted', by: ctx.userId, number, text: action.text } },
    reply(ctx, { kind: 'action_done', number, text: action.text }),
  ];
}

/**
 * With ACTION_DUE_DAYS set: each open action with an owner, older than that, gets one reminder to its
 * owner by direct message. Claimed in the database first: one reminder whatever the replicas.
 */
export async function sendActionReminders(deps: Pick<UseCaseDeps, 'incidents' | 'timeline' | 'settings'>, now: Date): Promise<Array<{ id: string; effect: Effect }>> {
  const days = deps.settings.actionDueDays;
  if (!days) return [];
  const out: Array<{ id: string; effect: Effect }> = [];
  for (const action of await deps.timeline.overdueActions(new Date(now.getTime() - days * 24 * 60 * 60_000), 100)) {
    if (!action.ownerId || !(await deps.timeline.claimActionReminder(action.incidentId, action.key, now))) continue;
    const incident = await deps.incidents.findById(action.incidentId);
    if (!incident) continue;
    out.push({
      id: `action-due:${action.incidentId}:${action.key}`,
      effect: {
        type: 'reply',
        to: { userId: action.ownerId },
        notice: { kind: 'action_due', incidentNumber: incident.number, channelId: incident.channelId, ...(action.number ? { number: action.number } : {}), text: action.text, days },
      },
    });
  }
  return out;
}
