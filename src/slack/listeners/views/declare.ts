import type { App } from '@slack/bolt';
import { isAppError } from '../../../errors';
import { startIncident } from '../../../services/startIncident';
import { DECLARE_CALLBACK_ID, readDeclareSubmission } from '../../views/declareModal';
import type { ListenerDeps } from '../deps';

/** The declaration form: checked before the ack (errors show in the form), declared after it. */
export function register(app: App, deps: ListenerDeps): void {
  app.view(DECLARE_CALLBACK_ID, async ({ ack, body, view }) => {
    const read = readDeclareSubmission(view);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    await ack();
    const userId = body.user.id;
    const { input } = read;
    deps.background.run(async () => {
      let text: string;
      try {
        const incident = await startIncident(deps.services, {
          title: input.title,
          userId,
          ...(input.severity ? { severity: input.severity } : {}),
          ...(input.impact ? { impact: input.impact } : {}),
          ...(input.leadId ? { leadId: input.leadId } : {}),
        });
        text = `Incident #${incident.number} declared: <#${incident.channelId}>. You are in the channel.`;
      } catch (err) {
        if (!isAppError(err) || err.code === 'SLACK_API_ERROR') deps.logger.error('could not declare the incident:', err);
        text = isAppError(err) ? err.userMessage : "Sorry, I could not declare the incident (details are in the bot's log).";
      }
      // A modal has no response_url: the answer goes to the person's DM with the bot.
      await deps.services.slack.postMessage(userId, { text });
    });
  });
}
