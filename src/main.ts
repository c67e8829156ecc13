import path from 'node:path';
import { LogLevel } from '@slack/bolt';
import dotenv from 'dotenv';
import { ConfigError, parseConfig, serviceSettings, type Config } from './config';
import { connectDatabase } from './db/connection';
import { launchDatabase, NoDatabaseError, PROJECT_ROOT } from './db/launcher';
import { createRepositories } from './db/repositories';
import { createLogger } from './logger';
import { postmortemRendererFor } from './render/postmortem';
import { startJobs } from './jobs';
import { createSlackApp } from './slack/app';

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Composition root: configuration → database → Slack app. The only place that reads the clock and the environment. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) exit(`Configuration error: ${err.message}. See .env.example.`);
    throw err;
  }
  const logger = createLogger(LOG_LEVELS[config.logLevel]);

  // Compiled and checked against a sample now: a broken template stops the bot here, not halfway through a close.
  const renderer = postmortemRendererFor(config);
  const embedded = await launchDatabase({
    ...(config.mongodbUri ? { mongodbUri: config.mongodbUri } : {}),
    dataDir: path.join(PROJECT_ROOT, '.data'),
    log: (line) => logger.info(line),
  }).catch((err: unknown) => (err instanceof NoDatabaseError ? exit(err.message) : Promise.reject(err)));
  const db = await connectDatabase(embedded.uri, config.mongodbUri ? {} : { dbName: 'incident_bot' });

  const slack = createSlackApp({
    config,
    logger,
    isHealthy: db.isHealthy,
    services: {
      repos: createRepositories(db.models, { warn: (...args) => logger.warn(...args) }),
      renderer,
      now: () => new Date(),
      settings: serviceSettings(config),
      log: logger,
    },
  });
  const port = await slack.start();
  const stopJobs = startJobs(slack.services, logger);
  logger.info(
    port === undefined
      ? 'incident bot connected to Slack in Socket Mode'
      : `incident bot listening on http://0.0.0.0:${port}/slack/events (health: /healthz)`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing running work, then stopping`);
    stopJobs();
    await slack.stop();
    await db.close();
    await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function exit(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

main().catch((err: unknown) => exit(`incident bot failed to start: ${err instanceof Error ? err.message : String(err)}`));
