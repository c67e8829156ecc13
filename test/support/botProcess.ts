// The real bot as an operator runs it: `src/main.ts` in a child process of its own (tsx as a
// loader inside one node process, so a signal reaches the bot itself and not a wrapper), configured
// only through the environment. For fault tests that kill it and start it again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BOT_TOKEN, SIGNING_SECRET } from './testApp';

const ROOT = path.resolve(__dirname, '..', '..');
const OUTPUT_LINES_KEPT = 200;

/** Every child started here and not yet gone, so a failing test can still clean up. */
const running = new Set<ChildProcess>();

export { freePort } from '../../src/db/launcher';

export interface BotProcessOptions {
  /** The port the bot listens on (PORT): fixed, so a restarted bot keeps the URL Slack posts to. */
  port: number;
  /** The stand-in's Web API URL (SLACK_API_URL). */
  slackApiUrl: string;
  /** MONGODB_URI, database name in the path; empty: the bot starts its own database (in DATA_DIR, passed in `env`). */
  mongodbUri: string;
  /** More environment (e.g. INCIDENT_TIMEZONE). */
  env?: Record<string, string>;
  /** How long the bot may take to answer /healthz with 200. */
  readyTimeoutMs?: number;
  /** Leads a process group of its own, so a test can signal the group as a terminal's Ctrl-C does. */
  ownProcessGroup?: boolean;
}

export interface BotProcess {
  readonly pid: number;
  readonly port: number;
  /** Where Slack posts events, commands and interactions. */
  readonly eventsUrl: string;
  /** Everything the bot printed (last lines), for failure messages. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGKILL, and wait until the process is gone: no drain, no cleanup, like a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM (the bot drains), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `src/main.ts` and resolves once /healthz answers 200 (Slack initialised, database up). */
export async function startBotProcess(opts: BotProcessOptions): Promise<BotProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    // Set but empty, so a developer's .env cannot switch the bot to Socket Mode.
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: opts.slackApiUrl,
    PORT: String(opts.port),
    MONGODB_URI: opts.mongodbUri,
    LOG_LEVEL: 'error',
    ...opts.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.ownProcessGroup ?? false,
  });
  running.add(child);
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', keep);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      keep(`spawn error: ${err.message}`);
      running.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null && running.has(child);
  const kill = async () => {
    if (isRunning()) child.kill('SIGKILL');
    await exited;
  };
  const bot: BotProcess = {
    pid: child.pid ?? -1,
    port: opts.port,
    eventsUrl: `http://127.0.0.1:${opts.port}/slack/events`,
    output: () => lines.join('\n'),
    exited,
    isRunning,
    kill,
    async stop(graceMs = 5000) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isRunning()) {
      const { code, signal } = await exited;
      throw new Error(`the bot exited before it was ready (code ${code}, signal ${signal}):\n${bot.output()}`);
    }
    if (await healthy(opts.port)) return bot;
    if (Date.now() >= deadline) {
      await kill();
      throw new Error(`the bot did not answer /healthz with 200 within ${timeoutMs} ms:\n${bot.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True when the bot on `port` answers /healthz with 200 (its database answers a ping). */
export async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
    await res.text();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** SIGKILLs every bot this module started that is still running (afterAll, so jest can exit). */
export async function killAllBotProcesses(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}

/** `base` (e.g. `mongodb://127.0.0.1:27017/`, `mongodb://h1,h2/?replicaSet=rs`) with `dbName` as the database in its path. */
export function uriWithDatabase(base: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(base);
  if (!match) throw new Error(`not a MongoDB URI: ${base}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}
