import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { errorWords } from '../../presenters/notices';
import { SUMMARY_ACTION_ID, SUMMARY_VIEW_ID, buildSummaryModal, buttonOf, readSummarySubmission } from '../../views/summaryModals';
import type { ListenerDeps } from '../deps';

/**
 * The pinned summary's buttons. A click is checked first (only the channel's members may change the
 * incident: anyone else hears why, only they, and no form opens), then its small form opens. The
 * submission is stored as the very command `/incident …` stores, keyed by the view's id and hash (Slack's
 * redelivery counts once), and the same use case applies it, with the same checks.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: SUMMARY_ACTION_ID }, async ({ ack, body, action, respond }) => {
    await ack();
    const button = buttonOf(action.action_id, SUMMARY_ACTION_ID);
    const channelId = body.channel?.id ?? (body.container as { channel_id?: unknown } | undefined)?.channel_id;
    if (!button || typeof channelId !== 'string') return;
    try {
      const refusal = await deps.forms.refusal(channelId, body.user.id);
      if (refusal) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: errorWords(refusal, deps.settings) }));
      const incident = await deps.forms.incidentOf(channelId);
      if (!incident) return;
      const context = {
        channelId,
        number: incident.number,
        phase: incident.phase,
        ...(incident.severity ? { severity: incident.severity } : {}),
        ...(incident.roles.lead ? { leadId: incident.roles.lead } : {}),
      };
      await deps.slack.openModal(body.trigger_id, buildSummaryModal(button, context));
    } catch (err) {
      deps.logger.error(`could not open the summary's ${button} form:`, err);
    }
  });

  app.view(SUMMARY_VIEW_ID, async ({ ack, body, view }) => {
    const button = buttonOf(view.callback_id, SUMMARY_VIEW_ID);
    if (!button) return void (await ack());
    const read = readSummarySubmission(button, view);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    const userId = body.user.id;
    try {
      await deps.receive(`view:${view.id}:${view.hash ?? ''}`, {
        type: 'command',
        command: read.command,
        channelId: read.channelId,
        userId,
        replyTo: { userId, channelId: read.channelId },
      });
    } catch (err) {
      deps.logger.error(`could not store the summary's ${button} form:`, err);
      const first = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'text';
      return void (await ack({ response_action: 'errors', errors: { [first]: errorWords({ kind: 'not_recorded' }, deps.settings).replace(/\*/g, '') } }));
    }
    await ack();
  });
}
