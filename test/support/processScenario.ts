// The pieces of a process-level fault scenario (test/e2e/processFaults.test.ts): signed commands with their
// acks timed, an incident declared and its messages posted through the stand-in, Slack's retries summed up per
// event, the write path waited for in the database, and the draft read after /incident close.
import type { Connection } from 'mongoose';
import type { BotProcess } from './botProcess';
import { sendSlashCommand, type HttpResult } from '../../src/localSlack/signing';
import type { ActionResult, DeliveryRecord, LocalSlack } from '../../src/localSlack/localSlack';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { SIGNING_SECRET } from './testApp';
import { sleep, waitUntil } from './wait';

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `run` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One line of what a run saw (timings, failures), printed before the assertions so a failing run shows it too. */
export const report = (line: string) => process.stderr.write(`[processFaults] ${line}\n`);

export const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

export interface SentCommand {
  text: string;
  responseUrl: string;
  /** When it was sent, ms after the scenario's reference time. */
  sentAtMs: number;
  http?: HttpResult;
  /** The transport error when the bot gave no HTTP answer at all. */
  error?: string;
  elapsedMs: number;
  ack?: { response_type?: string; text?: string };
}

/** A signed `/incident …` as Slack sends it, its ack recorded (HTTP answer, body, how long it took). */
export async function sendCommand(standIn: LocalSlack, bot: BotProcess, user: User, channel: Channel, text: string, reference = Date.now()): Promise<SentCommand> {
  const responseUrl = standIn.newResponseUrl();
  const started = Date.now();
  const sent: SentCommand = { text, responseUrl, sentAtMs: started - reference, elapsedMs: 0 };
  try {
    sent.http = await withTimeout(
      sendSlashCommand(bot.eventsUrl, SIGNING_SECRET, { text, userId: user.id, channelId: channel.id, responseUrl }),
      15_000,
      `/incident ${text}`,
    );
    if (sent.http.body) sent.ack = JSON.parse(sent.http.body) as SentCommand['ack'];
  } catch (err) {
    sent.error = err instanceof Error ? err.message : String(err);
  }
  sent.elapsedMs = Date.now() - started;
  return sent;
}

/** What the bot posted to a command's response_url, oldest first. */
export function responsesTo(standIn: LocalSlack, responseUrl: string): string[] {
  return standIn.responses
    .filter((r) => responseUrl.endsWith(`/${r.id}`))
    .map((r) => (typeof r.body === 'object' && r.body !== null && 'text' in r.body ? String(r.body.text) : JSON.stringify(r.body)));
}

/** Declares an incident from #general and resolves with its channel, the declarer a member of it. */
export async function declare(standIn: LocalSlack, bot: BotProcess, user: User, title: string, channelName: string): Promise<Channel> {
  const general = standIn.addChannel({ name: `general-${channelName}`, members: [user.id] });
  const start = await sendCommand(standIn, bot, user, general, `start ${title}`);
  expect(start.http?.status).toBe(200);
  const channel = await waitUntil(() => standIn.channelByName(channelName), { timeoutMs: 20_000, message: `no channel ${channelName}` });
  await waitUntil(() => standIn.state.isMember(channel, user.id), { timeoutMs: 20_000, message: 'the declarer was not invited' });
  return channel;
}

/** Posts the messages one by one, each delivered to the bot (acked 200). */
export async function postMessages(standIn: LocalSlack, user: User, channel: Channel, texts: string[]): Promise<string[]> {
  const tss: string[] = [];
  for (const text of texts) {
    const posted = await standIn.userPosts(user.id, channel.id, text);
    expect(posted.delivery?.status).toBe(200);
    tss.push(String(posted.event.ts));
  }
  return tss;
}

/** `/incident close`, then the draft the bot uploads (the newest completed file). */
export async function closeAndReadDraft(standIn: LocalSlack, bot: BotProcess, user: User, channel: Channel): Promise<string> {
  const close = await sendCommand(standIn, bot, user, channel, 'close');
  expect(close.http?.status).toBe(200);
  expect(close.ack?.text ?? '').not.toMatch(/not recorded/);
  const file = await waitUntil(() => standIn.files.filter((f) => f.completed).at(-1), {
    timeoutMs: 60_000,
    intervalMs: 100,
    message: `no draft uploaded after /incident close; the bot said:\n${bot.output()}`,
  });
  return file.content.toString('utf8');
}

/** How each reaction event fared across all its attempts (the original and Slack's retries). */
export function deliveryReport(standIn: LocalSlack, reactions: ActionResult[]) {
  const attempts = reactions.map((r) => standIn.attemptsFor(r.eventId));
  const all: DeliveryRecord[] = attempts.flat();
  const isOk = (a: DeliveryRecord) => a.delivery !== undefined && a.delivery.status >= 200 && a.delivery.status < 300;
  return {
    attempts: all.length,
    failedInTransport: all.filter((a) => a.failure === 'connection_failed' || a.failure === 'http_timeout').length,
    failedWith5xx: all.filter((a) => a.failure === 'http_error').length,
    retried: attempts.filter((list) => list.length > 1).length,
    /** Events that no attempt got a 2xx for: Slack gave up on them. */
    neverAccepted: reactions.filter((_, i) => !(attempts[i] ?? []).some(isOk)).map((r) => r.eventId),
    failures: [...new Set(all.filter((a) => a.failure).map((a) => `${a.failure}${a.error ? ` (${a.error})` : ''}`))],
  };
}

/**
 * The write path alone, before the close's reconciliation could fill gaps: each reaction event is
 * stored in the inbox and applied, and each reacted message has its timeline entry.
 */
export async function waitForWritePath(conn: Connection, channel: Channel, reactions: ActionResult[], messageTss: string[], timeoutMs: number) {
  const incident = await conn.collection('incidents').findOne({ channelId: channel.id });
  if (!incident) throw new Error(`no incident stored for ${channel.id}`);
  const ids = reactions.map((r) => `evt:${r.eventId}`);
  const entryIds = messageTss.map((ts) => `${incident._id.toHexString()}:msg:${ts}`);
  const missing = async () => {
    const done = new Set((await conn.collection<{ _id: string }>('inbox').find({ _id: { $in: ids }, state: 'done' }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    const entries = new Set((await conn.collection<{ _id: string }>('timeline_entries').find({ _id: { $in: entryIds } }, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
    return { inboxNotDone: ids.filter((id) => !done.has(id)), noEntry: entryIds.filter((id) => !entries.has(id)) };
  };
  // An item applied a second time was taken over by the sweeper after its lease ran out.
  const sweptUp = () => conn.collection<{ _id: string }>('inbox').countDocuments({ _id: { $in: ids }, attempts: { $gt: 1 } });
  const started = Date.now();
  let last = await missing();
  while (last.inboxNotDone.length + last.noEntry.length > 0 && Date.now() - started < timeoutMs) {
    await sleep(500);
    last = await missing();
  }
  return { ...last, waitedMs: Date.now() - started, sweptUp: await sweptUp() };
}
