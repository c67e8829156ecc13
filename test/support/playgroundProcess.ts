// `npm start` as a newcomer runs it: `src/main.ts` in a process of its own with no Slack credentials, its own
// embedded database in a temporary folder, and the page on a free port. Resolves once the playground line is
// printed, with the page's URL it names.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/db/launcher';

const ROOT = path.resolve(__dirname, '..', '..');

export interface PlaygroundProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export interface Ended {
  code: number | null;
  output: string;
}

function spawnMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    // Nothing from the developer's environment (or .env, which dotenv never lets override what is set here).
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Runs main.ts until it exits (a startup error): its exit code and what it printed. */
export async function runToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<Ended> {
  const { child, lines, exited } = spawnMain(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: lines.join('\n') };
}

export async function startPlayground(env: Record<string, string> = {}, timeoutMs = 90_000): Promise<PlaygroundProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  const port = await freePort();
  const { child, lines, exited } = spawnMain({ PORT: String(port), DATA_DIR: dataDir, LOG_FORMAT: 'json', ...env });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.find((l) => l.includes('playground: open http'));
    const url = line && /playground: open (http:\/\/\S+)/.exec(line)?.[1];
    if (url) return { url, output: () => lines.join('\n'), stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the playground did not start:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
