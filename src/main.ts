import { LogLevel } from '@slack/bolt';
import dotenv from 'dotenv';
import { ConfigError, parseConfig, parseListen, whichSlack, type Config } from './config';
import { connectDatabase } from './db/connection';
import { dataDirFor, describeExit, launchDatabase, NoDatabaseError } from './db/launcher';
import { createLogger } from './logger';
import { postmortemRendererFor } from './render/postmortem';
import { createBot } from './bot';
import { PlaygroundWorld } from './playground/world';

/** How long SIGTERM waits for work in flight; what is left is finished by the sweepers after a restart. */
const DRAIN_MS = 10_000;

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** The playground's database: never the one a workspace's incidents are in. */
const PLAYGROUND_DB = 'incident_bot_playground';

/**
 * Composition root: configuration → database → Slack app. The only place that reads the clock and the environment,
 * and the only one that knows whether Slack is a workspace or the built-in local one (the playground): the bot is
 * told where Slack is (its URL, token and secret) and nothing else.
 */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  let local: PlaygroundWorld | undefined;
  let log: (line: string) => void = (line) => process.stderr.write(`${line}\n`);
  try {
    if (whichSlack(process.env) === 'local') {
      const page = parseListen(process.env);
      local = await PlaygroundWorld.start({ host: page.host ?? '127.0.0.1', port: page.port, log: (line) => log(line) });
    }
    // In the playground the bot listens on a port of its own on 127.0.0.1; the page takes HOST and PORT.
    const env = local ? { LOG_FORMAT: 'pretty', ...process.env, ...local.env, HOST: '127.0.0.1', PORT: '0', SLACK_APP_TOKEN: '' } : process.env;
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) exit(`Configuration error: ${err.message}. See .env.example.`);
    throw err;
  }
  const logger = createLogger(LOG_LEVELS[config.logLevel], 'incident-bot', { format: config.logFormat });
  log = (line) => logger.info(line);

  // Compiled and checked against a sample now: a broken template stops the bot here, not halfway through a close.
  const renderer = postmortemRendererFor(config);
  const embedded = await launchDatabase({
    ...(config.mongodbUri ? { mongodbUri: config.mongodbUri } : {}),
    dataDir: dataDirFor(config.dataDir),
    log: (line) => logger.info(line),
  }).catch((err: unknown) => (err instanceof NoDatabaseError ? exit(err.message) : Promise.reject(err)));
  let stopping = false;
  // A database this process started is watched for good: without it the bot could only answer errors, so it
  // says so once and exits non-zero, and a supervisor starts the bot and its database again.
  void embedded.exited.then((ended) => {
    if (stopping) return;
    logger.error(`database stopped: ${embedded.description} ${describeExit(ended)}; exiting so a supervisor can restart the bot and its database`);
    if (ended.lastLines.length > 0) logger.error(`database: its last lines of output: ${ended.lastLines.join(' | ')}`);
    process.exit(1);
  });
  // A state nobody planned for: say so and exit non-zero, so a supervisor restarts the bot;
  // the sweepers then finish what was in flight (it is all in the inbox and the outbox). From here on, so that
  // startup failures (e.g. Socket Mode's health server finding PORT taken) end the same way.
  const die = (what: string) => (err: unknown) => {
    logger.error(`${what}; exiting so a supervisor can restart the bot:`, err);
    void embedded.stop().finally(() => process.exit(1));
  };
  process.on('unhandledRejection', die('unhandled promise rejection'));
  process.on('uncaughtException', die('uncaught exception'));
  const db = await connectDatabase(embedded.uri, local ? { dbName: PLAYGROUND_DB } : config.mongodbUri ? {} : { dbName: 'incident_bot' });
  // The local Slack lives in memory: each start is a fresh workspace, so the bot's records of the last one go.
  if (local) await db.connection.dropDatabase();

  let bot = createBot({ config, db, logger, renderer });
  const port = await bot.start();
  const host = config.host ?? '0.0.0.0';
  if (local) {
    const eventsUrl = (p: number | undefined) => `http://127.0.0.1:${p}/slack/events`;
    const url = await local.open({
      eventsUrl: eventsUrl(port),
      reactions: config.reactionKinds,
      templatePath: config.postmortemTemplate,
      restart: async () => {
        await bot.stop(2000);
        await db.connection.dropDatabase();
        bot = createBot({ config, db, logger, renderer });
        return eventsUrl(await bot.start());
      },
    });
    logger.info(
      `playground: open ${url} to use the bot in a local Slack (nothing leaves this machine). To connect a workspace instead, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (README: "Connect a workspace").`,
    );
  } else {
    logger.info(
      port === undefined
        ? 'incident bot connected to Slack in Socket Mode'
        : `incident bot listening on http://${host}:${port}/slack/events (/healthz, /readyz, /metrics)`,
    );
    if (port === undefined) logger.info(`health, readiness and metrics: http://${host}:${config.port}/healthz, /readyz, /metrics`);
  }

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing work in flight (at most ${DRAIN_MS / 1000} s), then stopping`);
    await bot.stop(DRAIN_MS).catch((err: unknown) => logger.error('stopping the bot failed:', err));
    await local?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
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
