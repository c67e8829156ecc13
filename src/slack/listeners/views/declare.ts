import type { App } from '@slack/bolt';
import { typedText } from '../../../domain/slackText';
import { errorWords } from '../../presenters/notices';
import { DECLARE_CALLBACK_ID, readDeclareSubmission } from '../../views/declareModal';
import { inboxBindings, withBindings } from '../../../logContext';
import type { ListenerDeps } from '../deps';

/** The declaration form: checked before the ack (errors show in the form), stored, declared from the inbox. */
export function register(app: App, deps: ListenerDeps): void {
  app.view(DECLARE_CALLBACK_ID, async ({ ack, body, view }) => {
    const read = readDeclareSubmission(view);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    const { input } = read;
    const userId = body.user.id;
    const id = `view:${view.id}:${view.hash ?? ''}`;
    try {
      await deps.receive(id, {
        type: 'declare_form',
        // Form input is not entity-encoded: a `<` typed there is the person's, never Slack markup.
        declaration: {
          title: typedText(input.title),
          userId,
          replyTo: { userId },
          ...(input.severity ? { severity: input.severity } : {}),
          ...(input.impact ? { impact: typedText(input.impact) } : {}),
          ...(input.leadId ? { leadId: input.leadId } : {}),
          ...(input.private ? { private: true as const } : {}),
        },
      });
    } catch (err) {
      withBindings(deps.logger, inboxBindings(id)).error('could not store the declaration form:', err);
      return void (await ack({ response_action: 'errors', errors: { title: errorWords({ kind: 'not_recorded' }, deps.settings).replace(/\*/g, '') } }));
    }
    await ack();
  });
}
