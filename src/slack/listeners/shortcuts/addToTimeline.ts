import type { App } from '@slack/bolt';
import { z } from 'zod';
import { errorWords } from '../../presenters/notices';
import { ADD_TO_TIMELINE_FORM, ADD_TO_TIMELINE_SHORTCUT, buildAddToTimelineModal, readAddToTimeline } from '../../views/addToTimelineModal';
import type { ListenerDeps } from '../deps';

const ts = z.string().regex(/^\d+\.\d+$/);
/** The parts of a `message_action` the form needs: where the message is, and its thread. */
const messageAction = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts, thread_ts: ts.optional() }),
});

/**
 * "Add to incident timeline" on any message: the form opens at once (its trigger lives 3 s); nothing is
 * stored until it is submitted, then the submission is stored (keyed by the view's id and hash, so Slack's
 * redelivery counts once) and applied by addMessageToTimeline.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.shortcut({ type: 'message_action', callback_id: ADD_TO_TIMELINE_SHORTCUT }, async ({ ack, shortcut }) => {
    await ack();
    const parsed = messageAction.safeParse(shortcut);
    if (!parsed.success) return void deps.logger.warn('add_to_timeline: a message_action of an unexpected shape');
    const { trigger_id, channel, message, user } = parsed.data;
    try {
      const [incidents, here] = await Promise.all([deps.forms.openIncidents(user.id), deps.forms.incidentOf(channel.id)]);
      const ref = { channelId: channel.id, ts: message.ts, ...(message.thread_ts && message.thread_ts !== message.ts ? { threadTs: message.thread_ts } : {}) };
      await deps.slack.openModal(trigger_id, buildAddToTimelineModal({ message: ref, incidents, here, kinds: deps.settings.reactionKinds }));
    } catch (err) {
      deps.logger.error('could not open the add-to-timeline form:', err);
    }
  });

  app.view(ADD_TO_TIMELINE_FORM, async ({ ack, body, view }) => {
    const read = readAddToTimeline(view);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    const userId = body.user.id;
    try {
      await deps.receive(`view:${view.id}:${view.hash ?? ''}`, {
        type: 'added_message',
        ...read.input,
        userId,
        // The answer goes where the message is, for this person only (their DM if they cannot see it there).
        replyTo: { userId, channelId: read.input.message.channelId },
      });
    } catch (err) {
      deps.logger.error('could not store the add-to-timeline form:', err);
      return void (await ack({ response_action: 'errors', errors: { incident: errorWords({ kind: 'not_recorded' }, deps.settings).replace(/\*/g, '') } }));
    }
    await ack();
  });
}
