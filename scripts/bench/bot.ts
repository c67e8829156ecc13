// The one place that knows how the bot is assembled (config → database → createBot), as
// test/support/testApp.ts does. When src/ is re-wired, only this file should need to change.
import { LogLevel } from '@slack/bolt';
import { createBot } from '../../src/bot';
import { parseConfig, type Config } from '../../src/config';
import { connectDatabase } from '../../src/db/connection';
import { readTimeline } from '../../src/domain/timeline';
import { createLogger } from '../../src/logger';
import { postmortemRendererFor } from '../../src/render/postmortem';
import type { Target, TargetEnv } from './target';

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export async function startBot(env: TargetEnv): Promise<Target> {
  const config = parseConfig({
    SLACK_BOT_TOKEN: env.botToken,
    SLACK_SIGNING_SECRET: env.signingSecret,
    SLACK_API_URL: env.apiUrl,
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
  });
  const logger = createLogger(LOG_LEVELS[config.logLevel]);
  const db = await connectDatabase(env.dbUri, { dbName: env.dbName });
  // Production settings throughout (retries, summary interval, sweepers): the figures a team would see.
  const bot = createBot({ config, db, logger, renderer: postmortemRendererFor(config) });
  const port = await bot.start();
  if (port === undefined) throw new Error('bot: started without an HTTP port (Socket Mode?)');
  const u = bot.useCases;

  return {
    name: 'bot',
    url: `http://127.0.0.1:${port}/slack/events`,
    runsIncidents: true,
    async visibleNotes(channelId) {
      const incident = await u.incidents.findByChannel(channelId);
      if (!incident) return 0;
      // The same reads a postmortem draft starts from, so "visible" means a draft would include it.
      const [recorded, transcript] = await Promise.all([u.timeline.list(incident.id), u.transcript.listChannel(channelId)]);
      const read = readTimeline(recorded, new Map(transcript.map((m) => [m.ts, m])), u.settings.reactionKinds);
      return read.entries.filter((e) => e.kind === 'note').length;
    },
    runJob: (name) => bot.runJob(name),
    settle: () => bot.settle(),
    async stop() {
      await bot.stop();
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}
