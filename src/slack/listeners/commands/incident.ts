import type { App, RespondFn } from '@slack/bolt';
import { parseIncidentCommand, USAGE } from '../../../domain/commands';
import { isAppError } from '../../../errors';
import { closeIncident } from '../../../services/closeIncident';
import { startIncident } from '../../../services/startIncident';
import { escapeMrkdwn, truncate } from '../../escape';
import type { ListenerDeps } from '../deps';

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text: truncate(text, 3000) });

export function register(app: App, deps: ListenerDeps): void {
  app.command('/incident', async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text ?? '');
    switch (parsed.kind) {
      case 'help':
        await ack(ephemeral(USAGE));
        return;
      case 'unknown':
        await ack(ephemeral(`Unknown command \`${escapeMrkdwn(truncate(parsed.word, 50))}\`.\n${USAGE}`));
        return;
      case 'invalid':
        await ack(ephemeral(parsed.message));
        return;
      case 'start':
        await ack(ephemeral(`Declaring the incident *${escapeMrkdwn(truncate(parsed.title, 200))}*…`));
        later(deps, respond, 'declare the incident', async () => {
          const incident = await startIncident(deps.services, { title: parsed.title, userId: command.user_id });
          await respond(ephemeral(`Incident #${incident.number} declared: <#${incident.channelId}>. You are in the channel.`));
        });
        return;
      case 'close':
        await ack();
        later(deps, respond, 'close the incident', async () => {
          await closeIncident(deps.services, {
            channelId: command.channel_id,
            userId: command.user_id,
            ...(parsed.resolution ? { resolution: parsed.resolution } : {}),
          });
        });
        return;
    }
  });
}

/** Runs after the ack; a failure reaches the caller as an ephemeral message, never silence. */
function later(deps: ListenerDeps, respond: RespondFn, what: string, work: () => Promise<void>): void {
  deps.background.run(async () => {
    try {
      await work();
    } catch (err) {
      if (!isAppError(err) || err.code === 'SLACK_API_ERROR') deps.logger.error(`could not ${what}:`, err);
      const text = isAppError(err)
        ? err.userMessage
        : `Sorry, I could not ${what}: an unexpected error occurred (details are in the bot's log).`;
      await respond(ephemeral(text)).catch((e: unknown) => deps.logger.error('could not answer the caller:', e));
    }
  });
}
