// A person runs a slash command: Slack sends the app a signed form with a response_url and a trigger, and
// shows the person what the app answers in its ack (or Slack's own words when the app failed or did not
// answer in time). Later answers at the response_url are shown the same way (standInHttp.ts).
import { sendSlashCommand, type HttpResult } from './signing';
import { isRecord } from './standInModel';
import type { StandInState } from './standInState';

export interface SentCommand {
  appUrl: string;
  signingSecret: string;
  responseUrl: string;
  triggerId: string;
}

export async function runSlashCommand(state: StandInState, sent: SentCommand, input: { userId: string; channelId: string; text: string; command: string }): Promise<HttpResult> {
  const user = state.user(input.userId);
  const channel = state.channel(input.channelId);
  if (!user || !channel) throw new Error(`stand-in: no user ${input.userId} or channel ${input.channelId}`);
  if (!state.canSee(channel, user.id)) throw new Error(`stand-in: ${user.id} cannot see ${channel.id}`);
  const fields = {
    ...input,
    userName: user.name,
    channelName: channel.isIm ? 'directmessage' : channel.name,
    teamId: state.teamId,
    responseUrl: sent.responseUrl,
    triggerId: sent.triggerId,
  };
  const http = await sendSlashCommand(sent.appUrl, sent.signingSecret, fields, { timestampSec: state.nowSec() }).catch((): HttpResult => ({ status: 0, body: '', headers: {} }));
  const shown = commandAnswer(input.command, http);
  if (shown) state.ephemerals.push({ channel: channel.id, user: user.id, ...shown, messageTs: state.nextTs() });
  return http;
}

function commandAnswer(command: string, http: HttpResult): { text?: string; blocks?: unknown } | undefined {
  // Slack gives up after 3 s (the app answers 404 itself by then) or on a refused connection.
  if (http.status === 0) return { text: `${command} failed with the error "dispatch_failed"` };
  if (http.status === 404) return { text: `${command} failed with the error "operation_timeout"` };
  if (http.status !== 200) return { text: `${command} failed with the error "dispatch_failed"` };
  if (http.body.trim() === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(http.body);
  } catch {
    return { text: http.body };
  }
  if (!isRecord(body)) return undefined;
  const text = typeof body.text === 'string' && body.text !== '' ? { text: body.text } : {};
  const blocks = body.blocks !== undefined ? { blocks: body.blocks } : {};
  return 'text' in text || 'blocks' in blocks ? { ...text, ...blocks } : undefined;
}
