// The offline Slack each target talks to, and the few user actions the scenarios share.
import { sendSlashCommand } from '../../src/localSlack/signing';
import { LocalSlack } from '../../src/localSlack/localSlack';
import { sleep, within } from './load';
import type { Target } from './target';

export const BOT_TOKEN = 'xoxb-bench-0000-stand-in';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';

export interface Workspace {
  standIn: LocalSlack;
  userId: string;
  /** Where incidents are declared from. */
  generalId: string;
}

/**
 * Slack's redeliveries and rate limits off, for the floors and the bot alike: the floors must not be throttled,
 * and a redelivery would count one event twice. Passed as a variable, not a literal, so the stand-in versions
 * that do not know these options yet still compile (and behave the same: they have neither).
 */
const STAND_IN_OPTIONS = { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, retries: false, rateLimits: false };
export const STAND_IN_DESCRIPTION = 'offline stand-in, Slack redelivery and rate limits off';

/** A stand-in per target, so call counts and channel state never mix. */
export async function startWorkspace(): Promise<Workspace> {
  const standIn = await LocalSlack.start(STAND_IN_OPTIONS);
  const user = standIn.addUser({ name: 'bench', realName: 'Bench Person' });
  const general = standIn.addChannel({ name: 'general', members: [user.id] });
  return { standIn, userId: user.id, generalId: general.id };
}

/** Sends `/incident <text>` as Slack would; the HTTP status, and the id under which response_url posts are recorded. */
export async function slashCommand(ws: Workspace, target: Target, channelId: string, text: string): Promise<{ status: number; responseId: string }> {
  const responseUrl = ws.standIn.newResponseUrl();
  const res = await sendSlashCommand(target.url, SIGNING_SECRET, { text, userId: ws.userId, channelId, responseUrl });
  return { status: res.status, responseId: responseUrl.slice(responseUrl.lastIndexOf('/') + 1) };
}

/**
 * The channel the scenario runs in: for the bot, a declared incident's channel (found through the
 * conversations.create it called, the one way any design can make a channel); for a floor, a plain channel.
 */
export async function incidentChannel(ws: Workspace, target: Target, title = 'Bench'): Promise<string> {
  if (!target.runsIncidents) {
    return ws.standIn.addChannel({ name: `bench-${title.toLowerCase()}`, members: [ws.userId] }).id;
  }
  const before = ws.standIn.callsTo('conversations.create').length;
  const sent = await slashCommand(ws, target, ws.generalId, `start ${title}`);
  if (sent.status !== 200) throw new Error(`/incident start answered HTTP ${sent.status}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const created = ws.standIn
      .callsTo('conversations.create')
      .slice(before)
      .map((c) => (c.result as { ok?: boolean; channel?: { id?: string } } | undefined)?.channel?.id)
      .find((id) => id !== undefined);
    if (created !== undefined) {
      await within(target.settle(), 60_000, undefined);
      return created;
    }
    if (Date.now() > deadline) throw new Error('/incident start made no channel within 60 s');
    await sleep(20);
  }
}

/** Posts `count` messages as the bench user, `inFlight` at a time; delivered to the app only when it keeps a transcript. */
export async function postMessages(ws: Workspace, target: Target, channelId: string, count: number, label: string, inFlight: number): Promise<string[]> {
  const ts: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const text = `${label} update ${i}: p99 at ${200 + ((i * 37) % 900)} ms on shard ${i % 64}`;
      const posted = await ws.standIn.userPosts(ws.userId, channelId, text, { deliver: target.runsIncidents });
      ts[i] = String(posted.event.ts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return ts;
}

export const chatUpdates = (ws: Workspace) => ws.standIn.callsTo('chat.update').length;
