import type { App } from '@slack/bolt';
import { parseIncidentCommand } from '../../../domain/commands';
import { decodeSlackText } from '../../../domain/slackText';
import { escapeMrkdwn, truncate } from '../../escape';
import { errorWords, usage } from '../../presenters/notices';
import { buildDeclareModal } from '../../views/declareModal';
import { inboxBindings, withBindings } from '../../../logContext';
import type { ListenerDeps } from '../deps';

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text: truncate(text, 3000) });

/**
 * `/incident …`: the text is decoded and parsed here, so a mistake is answered
 * at once and stores nothing; a valid command is stored in the inbox (its
 * trigger_id is the key) and acked, and its result comes to the caller from
 * the outbox. If it cannot be stored, the caller is told it was not recorded.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.command('/incident', async ({ command, ack }) => {
    const text = decodeSlackText(command.text ?? '');
    const parsed = parseIncidentCommand(text);
    if (parsed.kind === 'help') return void (await ack(ephemeral(usage())));
    if (parsed.kind === 'unknown') return void (await ack(ephemeral(`Unknown command \`${escapeMrkdwn(truncate(parsed.word, 50))}\`.\n${usage()}`)));
    if (parsed.kind === 'invalid') return void (await ack(ephemeral(escapeMrkdwn(parsed.message))));
    if (parsed.kind === 'start' && !parsed.title) {
      await ack();
      // Not stored: a form records nothing until it is submitted, and its trigger is only valid for 3 s.
      const modal = buildDeclareModal({ sourceChannelId: command.channel_id, ...(parsed.severity ? { severity: parsed.severity } : {}), ...(parsed.private ? { private: true } : {}) });
      await deps.slack
        .openModal(command.trigger_id, modal)
        .catch((err: unknown) => withBindings(deps.logger, { slackRequestId: command.trigger_id, channel: command.channel_id }).error('could not open the declaration form:', err));
      return;
    }
    const id = `cmd:${command.trigger_id}`;
    try {
      await deps.receive(id, {
        type: 'command',
        command: parsed,
        channelId: command.channel_id,
        userId: command.user_id,
        replyTo: { responseUrl: command.response_url },
      });
    } catch (err) {
      withBindings(deps.logger, { ...inboxBindings(id), channel: command.channel_id }).error(`could not store /incident ${parsed.kind}:`, err);
      return void (await ack(ephemeral(errorWords({ kind: 'not_recorded' }, deps.settings))));
    }
    await ack(parsed.kind === 'start' ? ephemeral(`Declaring the incident *${escapeMrkdwn(truncate(parsed.title ?? '', 200))}*…`) : undefined);
  });
}
