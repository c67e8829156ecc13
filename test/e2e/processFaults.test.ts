import mongoose, { type Connection } from 'mongoose';
import { freePort, healthy, killAllBotProcesses, startBotProcess, uriWithDatabase } from '../support/botProcess';
import {
  closeAndReadDraft,
  declare,
  deliveryReport,
  inParallel,
  occurrences,
  postMessages,
  report,
  responsesTo,
  sendCommand,
  waitForWritePath,
  withTimeout,
  type SentCommand,
} from '../support/processScenario';
import { RestartableDb } from '../support/restartableDb';
import { LocalSlack, type ActionResult } from '../../src/localSlack/localSlack';
import { BOT_TOKEN, SIGNING_SECRET, testDatabaseUri, uniqueDbName } from '../support/testApp';
import { sleep, waitUntil } from '../support/wait';

/**
 * Faults of the process and of its database, end to end: the real bot (`src/main.ts`) in a child
 * process, Slack played by the stand-in with Slack's retry policy (delays compressed), and the
 * outcome a team sees: the postmortem draft uploaded at close.
 */

const TEST_TIMEOUT_MS = 150_000;
/** Slack shows the caller an error of its own when a slash command is not answered within 3 s. */
const SLACK_COMMAND_TIMEOUT_MS = 3000;

afterAll(async () => {
  await killAllBotProcesses();
});

describe('the bot process killed (SIGKILL) while reaction deliveries are in flight, then started again', () => {
  const N = 60;
  const IN_FLIGHT = 8;
  const KILL_AFTER = 20;
  let standIn: LocalSlack | undefined;
  let conn: Connection | undefined;

  afterAll(async () => {
    await killAllBotProcesses();
    await standIn?.stop();
    await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
  });

  it(
    'puts every marked message in the draft exactly once',
    async () => {
      const began = Date.now();
      const slack = await LocalSlack.start({
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        // Slack's policy, compressed; the last retry comes long after the restarted bot is up.
        retries: { delaysMs: [500, 5000, 15_000], timeoutMs: 3000 },
      });
      standIn = slack;
      const port = await freePort();
      const mongodbUri = uriWithDatabase(testDatabaseUri(), uniqueDbName('processkill'));
      conn = await mongoose.createConnection(mongodbUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
      let bot = await startBotProcess({ port, slackApiUrl: slack.apiUrl, mongodbUri });
      slack.appUrl = bot.eventsUrl;

      const ann = slack.addUser({ name: 'ann', realName: 'Ann Abbott' });
      const channel = await declare(slack, bot, ann, 'Process killed mid burst', 'inc-1-process-killed-mid-burst');
      const texts = Array.from({ length: N }, (_, i) => `kill probe message ${String(i).padStart(3, '0')} checked`);
      const tss = await postMessages(slack, ann, channel, texts);

      // Reactions on every message, IN_FLIGHT at a time; the bot is killed once KILL_AFTER have been answered.
      const firstBot = bot;
      const reactions: ActionResult[] = [];
      let answered = 0;
      let killing: Promise<void> | undefined;
      let startedBeforeKill = 0;
      await inParallel(tss, IN_FLIGHT, async (ts) => {
        const reacted = await slack.userReacts(ann.id, channel.id, ts, 'pushpin');
        reactions.push(reacted);
        answered += 1;
        if (answered === KILL_AFTER) {
          // The attempts started so far: those not answered yet are cut off by the kill.
          startedBeforeKill = slack.deliveries.length;
          killing = firstBot.kill();
        }
      });
      // Every reaction was answered, and the kill came once KILL_AFTER had been (it is what this test is about).
      expect(answered).toBe(N);
      expect(startedBeforeKill).toBeGreaterThanOrEqual(KILL_AFTER);
      await killing;
      const killedAtMs = Date.now() - began;
      bot = await startBotProcess({ port, slackApiUrl: slack.apiUrl, mongodbUri });
      const restartedAfterMs = Date.now() - began - killedAtMs;

      await withTimeout(slack.deliveriesSettled(), 60_000, "Slack's retries");
      const deliveries = deliveryReport(slack, reactions);
      const cutOff = slack.deliveries.slice(0, startedBeforeKill).filter((d) => d.failure === 'connection_failed').length;
      report(
        `kill: ${N} reactions, bot killed at ${killedAtMs} ms with ${cutOff} deliveries cut off mid-request, up again ${restartedAfterMs} ms later; ` +
          `retries settled at ${Date.now() - began} ms: ` +
          `${deliveries.attempts} attempts, ${deliveries.failedInTransport} failed in transport, ${deliveries.failedWith5xx} 5xx, ` +
          `${deliveries.retried} events retried, ${deliveries.neverAccepted.length} never accepted (${deliveries.failures.join('; ')})`,
      );
      expect(bot.isRunning()).toBe(true);

      // Items the killed process stored but never applied wait for their lease (30 s) and the sweeper.
      const writePath = await waitForWritePath(conn, channel, reactions, tss, 50_000);
      report(
        `kill: write path complete after ${writePath.waitedMs} ms more (${writePath.sweptUp} items applied by the sweeper after their lease; ` +
          `${writePath.inboxNotDone.length} inbox items not done, ${writePath.noEntry.length} entries missing)`,
      );

      const md = await closeAndReadDraft(slack, bot, ann, channel);
      const counts = texts.map((text) => ({ text, times: occurrences(md, text) }));
      report(`kill: draft read, total ${Date.now() - began} ms`);

      // The kill mattered: deliveries failed in transport and were retried.
      expect(deliveries.failedInTransport).toBeGreaterThan(0);
      expect(deliveries.retried).toBeGreaterThan(0);
      // Slack's retries reached the restarted bot, which stored every event; each was applied without the close's help.
      expect(deliveries.neverAccepted).toEqual([]);
      expect({ inboxNotDone: writePath.inboxNotDone, noEntry: writePath.noEntry }).toEqual({ inboxNotDone: [], noEntry: [] });
      // Every marked message in the draft, exactly once.
      expect(counts.filter((c) => c.times !== 1)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the database stopped for 20 s while people react and send commands, then started again', () => {
  const OUTAGE_MS = 20_000;
  const MESSAGES = 12;
  let standIn: LocalSlack | undefined;
  let db: RestartableDb | undefined;
  let conn: Connection | undefined;

  beforeAll(async () => {
    // Builds the binary if its sources changed since the last build (about a minute).
    db = await RestartableDb.create();
    await db.start();
  }, 180_000);

  afterAll(async () => {
    await killAllBotProcesses();
    await standIn?.stop();
    await conn?.close().catch(() => undefined);
    await db?.destroy();
  });

  it(
    'puts every marked message in the draft exactly once, and records every command or tells its caller it was not',
    async () => {
      if (!db) throw new Error('no database');
      const began = Date.now();
      const slack = await LocalSlack.start({
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        // Compressed so that every event's last retry (≥ 1 + 10 + 25 s after its first failure) comes after the restart.
        retries: { delaysMs: [1000, 10_000, 25_000], timeoutMs: 3000 },
      });
      standIn = slack;
      const mongodbUri = uriWithDatabase(db.uri, 'incident_bot');
      const bot = await startBotProcess({ port: await freePort(), slackApiUrl: slack.apiUrl, mongodbUri });
      slack.appUrl = bot.eventsUrl;

      const bea = slack.addUser({ name: 'bea', realName: 'Bea Brandt' });
      const channel = await declare(slack, bot, bea, 'Database outage', 'inc-1-database-outage');
      const texts = Array.from({ length: MESSAGES }, (_, i) => `outage probe message ${String(i).padStart(3, '0')} checked`);
      const tss = await postMessages(slack, bea, channel, texts);

      await db.kill();
      const outageStart = Date.now();
      const at = async (offsetMs: number) => sleep(Math.max(0, outageStart + offsetMs - Date.now()));

      // During the outage: one reaction every ~1.3 s, a note every 4 s.
      const reactions: ActionResult[] = [];
      const notes: SentCommand[] = [];
      const noteText = (i: number) => `outage note ${String(i).padStart(2, '0')} written`;
      const reacting = tss.map(async (ts, i) => {
        await at(500 + i * 1300);
        reactions.push(await slack.userReacts(bea.id, channel.id, ts, 'pushpin'));
      });
      const noting = [1000, 5000, 9000, 13_000, 17_000].map(async (offset, i) => {
        await at(offset);
        notes.push(await sendCommand(slack, bot, bea, channel, `note ${noteText(i)}`, outageStart));
      });
      await Promise.all([...reacting, ...noting]);
      expect(bot.isRunning()).toBe(true);

      await at(OUTAGE_MS);
      await db.start();
      const restartedAtMs = Date.now() - outageStart;
      // Right after the restart, while the driver may still be reconnecting.
      notes.push(await sendCommand(slack, bot, bea, channel, `note ${noteText(5)}`, outageStart));
      await waitUntil(() => healthy(bot.port), { timeoutMs: 30_000, intervalMs: 200, message: `the bot's database did not come back:\n${bot.output()}` });
      const healthyAfterMs = Date.now() - outageStart - restartedAtMs;
      notes.push(await sendCommand(slack, bot, bea, channel, `note ${noteText(6)}`, outageStart));

      await withTimeout(slack.deliveriesSettled(), 90_000, "Slack's retries");
      const deliveries = deliveryReport(slack, reactions);
      report(
        `outage: database down for ${restartedAtMs} ms, the bot healthy again ${healthyAfterMs} ms after the restart; retries settled at ` +
          `${Date.now() - outageStart} ms after the outage began: ${deliveries.attempts} attempts, ${deliveries.failedWith5xx} 5xx, ` +
          `${deliveries.failedInTransport} failed in transport, ${deliveries.retried} events retried, ${deliveries.neverAccepted.length} never accepted ` +
          `(${deliveries.failures.join('; ')})`,
      );
      expect(bot.isRunning()).toBe(true);

      conn = await mongoose.createConnection(mongodbUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
      const writePath = await waitForWritePath(conn, channel, reactions, tss, 50_000);
      report(
        `outage: write path complete after ${writePath.waitedMs} ms more (${writePath.sweptUp} items applied by the sweeper after their lease; ` +
          `${writePath.inboxNotDone.length} inbox items not done, ${writePath.noEntry.length} entries missing)`,
      );

      const md = await closeAndReadDraft(slack, bot, bea, channel);
      const counts = texts.map((text) => ({ text, times: occurrences(md, text) }));

      // Every command: recorded (in the draft once, acked in time, the caller told so), or refused in time with a clear answer.
      const outcomes = await Promise.all(
        notes.map(async (n) => {
          const note = n.text.replace(/^note /, '');
          const inDraft = occurrences(md, note);
          // Not answered 200 within 3 s: Slack itself shows the caller an error (operation_timeout), whatever the bot did.
          const answeredInTime = n.http?.status === 200 && n.elapsedMs < SLACK_COMMAND_TIMEOUT_MS;
          const refused = answeredInTime && /not recorded/.test(n.ack?.text ?? '') && n.ack?.response_type === 'ephemeral';
          const confirmed =
            inDraft === 1
              ? await waitUntil(() => responsesTo(slack, n.responseUrl).some((t) => t.startsWith('Added to the timeline')), { timeoutMs: 15_000 }).catch(() => false)
              : false;
          return { note, sentAtMs: n.sentAtMs, ackMs: n.elapsedMs, status: n.http?.status ?? n.error, ack: n.ack?.text, answeredInTime, inDraft, refused, confirmed };
        }),
      );
      const recorded = (o: (typeof outcomes)[number]) => o.inDraft === 1 && o.answeredInTime && !o.refused && o.confirmed;
      const outcomeOf = (o: (typeof outcomes)[number]) =>
        o.refused && o.inDraft === 0 ? 'refused' : recorded(o) ? 'recorded' : `UNCLEAR (HTTP ${o.status}, in draft ${o.inDraft}x, refused ${o.refused}, confirmed ${o.confirmed})`;
      report(`outage: notes: ${outcomes.map((o) => `${o.note} sent at ${o.sentAtMs} ms, acked in ${o.ackMs} ms → ${outcomeOf(o)}`).join('; ')}`);
      report(`outage: total ${Date.now() - began} ms`);

      // The outage mattered: deliveries failed and were retried; the last retries reached a working bot.
      expect(deliveries.failedWith5xx + deliveries.failedInTransport).toBeGreaterThan(0);
      expect(deliveries.retried).toBeGreaterThan(0);
      expect(deliveries.neverAccepted).toEqual([]);
      expect({ inboxNotDone: writePath.inboxNotDone, noEntry: writePath.noEntry }).toEqual({ inboxNotDone: [], noEntry: [] });
      expect(counts.filter((c) => c.times !== 1)).toEqual([]);
      expect(outcomes.filter((o) => outcomeOf(o).startsWith('UNCLEAR'))).toEqual([]);
      // Commands sent while the database was down cannot have been stored: some were refused.
      expect(outcomes.filter((o) => o.refused).length).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );
});
