import type { App, RespondFn } from '@slack/bolt';
import { parseIncidentCommand, USAGE, type IncidentCommand } from '../../../domain/commands';
import { isAppError } from '../../../errors';
import * as changes from '../../../services/changes';
import { closeIncident, redraftPostmortem } from '../../../services/closeIncident';
import type { ServiceDeps } from '../../../services/deps';
import { startIncident } from '../../../services/startIncident';
import { escapeMrkdwn, truncate } from '../../escape';
import { buildDeclareModal } from '../../views/declareModal';
import type { ListenerDeps } from '../deps';

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text: truncate(text, 3000) });

type Work = (services: ServiceDeps, ctx: changes.CommandContext) => Promise<string | undefined>;

/** What each command does once acked; the string, if any, goes back to the caller only. */
function workFor(command: IncidentCommand): Work | undefined {
  switch (command.kind) {
    case 'start':
      if (!command.title) return undefined;
      return async (s, ctx) => {
        const incident = await startIncident(s, { title: command.title ?? '', userId: ctx.userId, ...(command.severity ? { severity: command.severity } : {}) });
        return `Incident #${incident.number} declared: <#${incident.channelId}>. You are in the channel.${incident.announcementProblem ? ` ${incident.announcementProblem}` : ''}`;
      };
    case 'note':
      return async (s, ctx) => (await changes.addNote(s, ctx, command.time ? { text: command.text, time: command.time } : { text: command.text })).reply;
    case 'status':
      return async (s, ctx) => (await changes.setStatus(s, ctx, command.status)).reply;
    case 'severity':
      return async (s, ctx) => (await changes.setSeverity(s, ctx, command.severity)).reply;
    case 'role':
      return async (s, ctx) => (await changes.assignRole(s, ctx, command.role, command.user)).reply;
    case 'impact':
    case 'rootcause':
      return async (s, ctx) => (await changes.recordStatement(s, ctx, command.kind, command.text)).reply;
    case 'action':
      return async (s, ctx) => (await changes.addAction(s, ctx, command.owner ? { text: command.text, owner: command.owner } : { text: command.text })).reply;
    case 'started':
    case 'ended':
      return async (s, ctx) => (await changes.setImpactWindow(s, ctx, command.kind, command.time)).reply;
    case 'reopen':
      return async (s, ctx) => (await changes.reopenIncident(s, ctx)).reply;
    case 'list':
      return async (s) => changes.listOpenIncidents(s);
    case 'postmortem':
      return async (s, ctx) => {
        const { draft, recovered } = await redraftPostmortem(s, ctx);
        const found = recovered ? ` (${recovered} marked message${recovered === 1 ? '' : 's'} recovered from the channel history)` : '';
        return `Postmortem draft v${draft.version} posted in the channel${found}.`;
      };
    case 'close':
      return async (s, ctx) => {
        await closeIncident(s, { channelId: ctx.channelId, userId: ctx.userId, ...(command.resolution ? { resolution: command.resolution } : {}) });
        return undefined; // the draft posted in the channel is the answer
      };
    default:
      return undefined;
  }
}

export function register(app: App, deps: ListenerDeps): void {
  app.command('/incident', async ({ command, ack, respond }) => {
    const parsed = parseIncidentCommand(command.text ?? '');
    if (parsed.kind === 'help') return void (await ack(ephemeral(escapeMrkdwn(USAGE))));
    if (parsed.kind === 'unknown') {
      return void (await ack(ephemeral(`Unknown command \`${escapeMrkdwn(truncate(parsed.word, 50))}\`.\n${escapeMrkdwn(USAGE)}`)));
    }
    if (parsed.kind === 'invalid') return void (await ack(ephemeral(escapeMrkdwn(parsed.message))));
    if (parsed.kind === 'start' && !parsed.title) {
      await ack();
      return later(deps, respond, 'open the declaration form', async () => {
        const modal = buildDeclareModal({ sourceChannelId: command.channel_id, ...(parsed.severity ? { severity: parsed.severity } : {}) });
        await deps.services.slack.openModal(command.trigger_id, modal);
      });
    }
    const work = workFor(parsed);
    if (!work) return void (await ack(ephemeral(escapeMrkdwn(USAGE))));

    await ack(parsed.kind === 'start' ? ephemeral(`Declaring the incident *${escapeMrkdwn(truncate(parsed.title ?? '', 200))}*…`) : undefined);
    const ctx = { channelId: command.channel_id, userId: command.user_id, triggerId: command.trigger_id };
    later(deps, respond, describe(parsed.kind), async () => {
      // Two replicas handed the same invocation: only one acts.
      if (!(await deps.services.repos.claims.claim(`cmd:${ctx.triggerId}`, deps.services.now()))) return;
      const reply = await work(deps.services, ctx);
      if (reply) await respond(ephemeral(reply));
    });
  });
}

const describe = (kind: IncidentCommand['kind']): string =>
  kind === 'start' ? 'declare the incident' : kind === 'close' ? 'close the incident' : `run \`/incident ${kind}\``;

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
