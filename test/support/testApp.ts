import { LogLevel } from '@slack/bolt';
import { parseConfig, serviceSettings, type Config } from '../../src/config';
import { connectDatabase, type Database } from '../../src/db/connection';
import { createRepositories } from '../../src/db/repositories';
import { createLogger } from '../../src/logger';
import { postmortemRendererFor } from '../../src/render/postmortem';
import type { Repositories } from '../../src/services/ports';
import { createSlackApp, type SlackApp } from '../../src/slack/app';
import { sendSlashCommand, type HttpResult } from './slack/signing';
import { SlackStandIn } from './slack/standIn';
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

export interface TestApp {
  standIn: SlackStandIn;
  slack: SlackApp;
  db: Database;
  repos: Repositories;
  config: Config;
  appUrl: string;
  command(userId: string, channelId: string, text: string): Promise<CommandResult>;
  /** Waits until every command's background work has finished. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real Bolt app over HTTP, signature verification on, its Web API client
 * pointed at the Slack stand-in, storing in the real test database.
 */
export async function startTestApp(opts: {
  label: string;
  env?: Record<string, string>;
  /** Connect over Socket Mode instead of receiving HTTP requests. */
  socketMode?: boolean;
  /** A second replica: the same Slack and the same database as this app. */
  replicaOf?: TestApp;
}): Promise<TestApp> {
  const standIn =
    opts.replicaOf?.standIn ??
    (await SlackStandIn.start({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      ...(opts.socketMode ? { appToken: APP_TOKEN } : {}),
    }));
  const db = await connectDatabase(testDatabaseUri(), { dbName: opts.replicaOf?.db.connection.name ?? uniqueDbName(opts.label) });
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    PORT: '0',
    ...(opts.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...opts.env,
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? LogLevel.DEBUG : LogLevel.ERROR);
  const repos = createRepositories(db.models, { warn: (...args) => logger.warn(...args) });
  const slack = createSlackApp({
    config,
    logger,
    isHealthy: db.isHealthy,
    // Retries stay on (429s are part of what is tested) but fast, so a failure cannot hang a test.
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
    services: {
      repos,
      renderer: postmortemRendererFor(config),
      now: () => new Date(standIn.nowSec() * 1000),
      settings: serviceSettings(config),
      log: logger,
    },
  });
  const port = await slack.start();
  const appUrl = port === undefined ? '' : `http://127.0.0.1:${port}/slack/events`;
  if (port !== undefined && !opts.replicaOf) standIn.appUrl = appUrl;

  const responsesSeen = new Map<string, number>();
  return {
    standIn,
    slack,
    db,
    repos,
    config,
    appUrl,
    async command(userId, channelId, text) {
      const responseUrl = standIn.newResponseUrl();
      const http = await sendSlashCommand(appUrl, SIGNING_SECRET, { text, userId, channelId, responseUrl });
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
    settle: () => slack.background.drain(),
    async stop() {
      await slack.stop();
      if (!opts.replicaOf) await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      if (!opts.replicaOf) await standIn.stop();
    },
  };
}
