// Sends requests to the app exactly as Slack does: raw body signed with the signing secret
// (v0 scheme), so Bolt's request verification stays on in tests.
import { createHmac } from 'node:crypto';
import { encodeTyped } from './slackText';

export interface HttpResult {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function signatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestampSec: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const ts = String(Math.floor(timestampSec));
  const signature = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${signature}` };
}

export interface PostOptions {
  /** Omit to send the request unsigned (to test that the app rejects it). */
  signingSecret?: string;
  timestampSec?: number;
  extraHeaders?: Record<string, string>;
}

export async function postSigned(
  url: string,
  rawBody: string,
  contentType: string,
  opts: PostOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (opts.signingSecret !== undefined) {
    Object.assign(headers, signatureHeaders(opts.signingSecret, rawBody, opts.timestampSec));
  }
  Object.assign(headers, opts.extraHeaders ?? {});
  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  const body = await res.text();
  return { status: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
}

export interface SlashCommandFields {
  command?: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  responseUrl: string;
  triggerId?: string;
}

let triggerCounter = 0;

/**
 * `fields.text` is what the person typed; it is sent entity-encoded like Slack does, markup tokens
 * (`<@U…|name>`, `<#C…|name>`, `<!here>`, links) kept. `wire: true` sends it unchanged.
 */
export function sendSlashCommand(
  appUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  opts: { timestampSec?: number; wire?: boolean } = {},
): Promise<HttpResult> {
  const teamId = fields.teamId ?? 'T0001';
  const form = new URLSearchParams({
    token: 'stand-in-verification',
    team_id: teamId,
    team_domain: 'standin',
    channel_id: fields.channelId,
    channel_name: fields.channelName ?? 'general',
    user_id: fields.userId,
    user_name: fields.userName ?? fields.userId.toLowerCase(),
    command: fields.command ?? '/incident',
    text: opts.wire ? fields.text : encodeTyped(fields.text),
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Date.now()}.${++triggerCounter}.standin`,
  });
  return postSigned(appUrl, form.toString(), 'application/x-www-form-urlencoded', {
    signingSecret,
    ...(opts.timestampSec !== undefined ? { timestampSec: opts.timestampSec } : {}),
  });
}

export function sendInteraction(
  appUrl: string,
  signingSecret: string,
  payload: object,
  opts: { timestampSec?: number } = {},
): Promise<HttpResult> {
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return postSigned(appUrl, form.toString(), 'application/x-www-form-urlencoded', {
    signingSecret,
    ...(opts.timestampSec !== undefined ? { timestampSec: opts.timestampSec } : {}),
  });
}
