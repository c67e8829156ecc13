import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, killAllBotProcesses, startBotProcess, type BotProcess } from './support/botProcess';
import { LocalSlack } from '../src/localSlack/localSlack';
import { BOT_TOKEN, SIGNING_SECRET } from './support/testApp';
import { waitUntil } from './support/wait';

/**
 * The real bot (`src/main.ts`) on its own embedded database, in a folder of the test's: what an
 * operator's supervisor sees when that database dies, and when the bot is stopped on purpose.
 */
describe('the bot on its embedded database', () => {
  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await LocalSlack.start({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  });
  afterAll(async () => {
    await killAllBotProcesses();
    await slack.stop();
  });

  const start = async (ownProcessGroup = false) => {
    const bot = await startBotProcess({
      port: await freePort(),
      slackApiUrl: slack.apiUrl,
      // Empty: the bot starts its own database, in DATA_DIR.
      mongodbUri: '',
      env: { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'bot-data-')), LOG_LEVEL: 'info' },
      ownProcessGroup,
    });
    const line = logLines(bot).find((l) => l.msg.includes('database: embedded FerretDB'));
    const pid = Number(/, pid (\d+)$/.exec(line?.msg ?? '')?.[1]);
    if (!pid) throw new Error(`no database pid in the log:\n${bot.output()}`);
    return { bot, databasePid: pid };
  };
  // The bot logs JSON lines (pino): the level, the name and the message are fields.
  const logLines = (bot: BotProcess) =>
    bot
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; name: string; msg: string });
  const ourLines = (bot: BotProcess, text: string) => logLines(bot).filter((l) => l.msg.includes(text)).map((l) => `${l.level.toUpperCase()} [${l.name}] ${l.msg}`);
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };

  it('exits non-zero with one line saying the database stopped when the database is killed', async () => {
    const { bot, databasePid } = await start();
    process.kill(databasePid, 'SIGKILL');
    await waitUntil(() => !bot.isRunning(), { timeoutMs: 15_000, message: `the bot kept running without its database:\n${bot.output()}` });
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(ourLines(bot, 'database stopped')).toEqual([
      expect.stringMatching(
        /ERROR \[incident-bot\] database stopped: FerretDB at \S+ was killed \(SIGKILL\); exiting so a supervisor can restart the bot and its database$/,
      ),
    ]);
  });

  it('stopped with Ctrl-C (SIGINT to its whole process group) drains, stops its database and exits 0', async () => {
    const { bot, databasePid } = await start(true);
    process.kill(-bot.pid, 'SIGINT');
    await waitUntil(() => !bot.isRunning(), { timeoutMs: 20_000, message: `the bot did not stop:\n${bot.output()}` });
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(ourLines(bot, 'database stopped')).toEqual([]);
    expect(ourLines(bot, 'SIGINT: finishing work in flight')).toHaveLength(1);
    expect(isAlive(databasePid)).toBe(false);
  });
});
