import { LogLevel } from '@slack/bolt';
import { createBot, type Bot, type BotOptions } from '../../src/bot';
import { parseConfig, type Config } from '../../src/config';
import { connectDatabase, type Database } from '../../src/db/connection';
import type { ActionItem, TimelineEntry } from '../../src/domain/incident';
import { createLogger } from '../../src/logger';
import { postmortemRendererFor } from '../../src/render/postmortem';
import type { UseCaseDeps } from '../../src/usecases/deps';
import { readIncidentTimeline } from '../../src/usecases/readTimeline';
import { sendSlashCommand, type HttpResult } from '../../src/localSlack/signing';
import { LocalSlack } from '../../src/localSlack/localSlack';
import { waitUntil } from './wait';

export const BOT_TOKEN = 'xoxb-test-0000-stand-in';
export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const APP_TOKEN = 'xapp-1-test-stand-in';

let databaseCounter = 0;

/** A fresh database name per app, so test files never see each other's data. */
export function uniqueDbName(label: string): string {
  databaseCounter += 1;
  return `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${process.pid}_${databaseCounter}`;
}

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: the jest globalSetup starts the test database (see README)');
  return uri;
}

export interface CommandResult {
  http: HttpResult;
  /** The immediate (ack) answer, when the app gave one. */
  ack: { response_type?: string; text?: string } | undefined;
  responseUrl: string;
  /** Waits for the next message the app posts to this command's response_url. */
  nextResponse(timeoutMs?: number): Promise<{ response_type?: string; text?: string }>;
}

/** What tests read back: the timeline and tasks as the draft shows them (mentions as names). */
export interface TestRepos {
  incidents: UseCaseDeps['incidents'];
  postmortems: UseCaseDeps['postmortems'];
  timeline: { list(incidentId: string): Promise<TimelineEntry[]> };
  actions: { list(incidentId: string): Promise<ActionItem[]> };
}

export interface TestApp {
  standIn: LocalSlack;
  bot: Bot;
  db: Database;
  repos: TestRepos;
  config: Config;
  appUrl: string;
  command(userId: string, channelId: string, text: string): Promise<CommandResult>;
  /** Waits until everything received has been applied and its effects delivered. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Every bot serving a stand-in, so a user action can wait for all of them (replicas share one Slack). */
const botsOf = new WeakMap<LocalSlack, Set<Bot>>();

const settleAll = async (standIn: LocalSlack) => {
  for (const bot of botsOf.get(standIn) ?? []) await bot.settle(1000);
};

/** The timeline and actions of an incident, read by the draft's own read path (nothing copied here). */
async function readBack(u: UseCaseDeps, incidentId: string): Promise<{ entries: TimelineEntry[]; actions: ActionItem[] }> {
  const incident = await u.incidents.findById(incidentId);
  return incident ? readIncidentTimeline(u, incident) : { entries: [], actions: [] };
}

/**
 * The real Bolt app over HTTP, signature verification on, its Web API client
 * pointed at the Slack stand-in, storing in the real test database. User
 * actions and commands return once the bot has applied them and delivered
 * their effects, as a person would see them a moment later.
 */
export async function startTestApp(opts: {
  label: string;
  env?: Record<string, string>;
  /** Connect over Socket Mode instead of receiving HTTP requests. */
  socketMode?: boolean;
  /** A second replica: the same Slack and the same database as this app. */
  replicaOf?: TestApp;
  summaryIntervalMs?: number;
  /** Bot options a fault test changes: a short lease, a clock running ahead, Slack's timeout. */
  botOptions?: Pick<BotOptions, 'leaseMs' | 'machineClock' | 'slackTimeoutMs'>;
  /** The app's logger (a test that reads the log lines); default: errors only, to stderr. */
  logger?: BotOptions['logger'];
}): Promise<TestApp> {
  const standIn =
    opts.replicaOf?.standIn ??
    (await LocalSlack.start({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, ...(opts.socketMode ? { appToken: APP_TOKEN } : {}) }));
  const db = await connectDatabase(testDatabaseUri(), { dbName: opts.replicaOf?.db.connection.name ?? uniqueDbName(opts.label) });
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    PORT: '0',
    ...(opts.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...opts.env,
  });
  const logger = opts.logger ?? createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? LogLevel.DEBUG : LogLevel.ERROR);
  const bot = createBot({
    config,
    db,
    logger,
    renderer: postmortemRendererFor(config),
    incidentClock: () => new Date(standIn.nowSec() * 1000),
    // Retries stay on (429s are part of what is tested) but fast, so a failure cannot hang a test.
    readRetries: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
    summaryIntervalMs: opts.summaryIntervalMs ?? 50,
    sweepEveryMs: 250,
    ...opts.botOptions,
  });
  const port = await bot.start();
  const appUrl = port === undefined ? '' : `http://127.0.0.1:${port}/slack/events`;
  if (port !== undefined && !opts.replicaOf) standIn.appUrl = appUrl;
  if (!botsOf.has(standIn)) {
    botsOf.set(standIn, new Set());
    const deliver = standIn.deliverEvent.bind(standIn);
    standIn.deliverEvent = async (...args: Parameters<typeof deliver>) => {
      const result = await deliver(...args);
      await settleAll(standIn);
      return result;
    };
    const interact = standIn.deliverInteraction.bind(standIn);
    standIn.deliverInteraction = async (payload: object) => {
      const result = await interact(payload);
      await settleAll(standIn);
      return result;
    };
  }
  botsOf.get(standIn)?.add(bot);

  const u = bot.useCases;
  const repos: TestRepos = {
    incidents: u.incidents,
    postmortems: u.postmortems,
    timeline: { list: async (id) => (await readBack(u, id)).entries },
    actions: { list: async (id) => (await readBack(u, id)).actions },
  };
  const responsesSeen = new Map<string, number>();
  return {
    standIn,
    bot,
    db,
    repos,
    config,
    appUrl,
    async command(userId, channelId, text) {
      const responseUrl = standIn.newResponseUrl();
      const http = await sendSlashCommand(appUrl, SIGNING_SECRET, { text, userId, channelId, responseUrl });
      await settleAll(standIn);
      const ack = http.body ? (JSON.parse(http.body) as CommandResult['ack']) : undefined;
      return {
        http,
        ack,
        responseUrl,
        nextResponse: async (timeoutMs = 5000) => {
          const seen = responsesSeen.get(responseUrl) ?? 0;
          const found = await waitUntil(
            () => {
              const mine = standIn.responses.filter((r) => responseUrl.endsWith(`/${r.id}`));
              return mine.length > seen ? mine[seen] : undefined;
            },
            { timeoutMs, message: `no response_url post for "${text}"` },
          );
          responsesSeen.set(responseUrl, seen + 1);
          return found.body as { response_type?: string; text?: string };
        },
      };
    },
    settle: () => settleAll(standIn),
    async stop() {
      await bot.stop(2000);
      botsOf.get(standIn)?.delete(bot);
      if (!opts.replicaOf) await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      if (!opts.replicaOf) await standIn.stop();
    },
  };
}
