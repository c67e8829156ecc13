import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_DONE, readDoneValue } from '../../presenters/actions';
import type { ListenerDeps } from '../deps';

/**
 * A follow-up's Done button (in `/incident actions`, in App Home): stored as the same command as
 * `/incident action done N`, keyed by the interaction's trigger (Slack may deliver one twice), and
 * acked once stored; if it cannot be stored Slack hears an error and shows the person it failed.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_DONE, async ({ ack, body, action }) => {
    const target = readDoneValue(action.value);
    if (!target) return void (await ack());
    const userId = body.user.id;
    await deps.receive(`act:${body.trigger_id}`, {
      type: 'command',
      command: { kind: 'action_done', number: target.number },
      channelId: target.channelId,
      userId,
      replyTo: body.response_url ? { responseUrl: body.response_url } : { userId },
    });
    await ack();
  });
}
