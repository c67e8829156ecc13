// Helpers for the stand-in's own tests (test/slackStandIn.test.ts and the specs it registers):
// the real WebClient pointed at the stand-in, and a scriptable app that receives its requests.
import { createHmac } from 'node:crypto';
import { IncomingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LogLevel, Logger, WebClient } from '@slack/web-api';
import { LocalSlack as StandIn, type LocalSlack } from '../../../src/localSlack/localSlack';
import { isRecord } from '../../../src/localSlack/standInModel';

export const TOKEN = 'xoxb-stand-in';
export const SECRET = 'stand-in-signing-secret';

export const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function client(standIn: LocalSlack, extra: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logger: silent, ...extra });
}

export async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err: unknown) {
    if (isRecord(err) && err.code === ErrorCode.PlatformError && isRecord(err.data) && typeof err.data.error === 'string') {
      return err.data.error;
    }
    throw err;
  }
  throw new Error('expected the call to fail');
}

export function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value;
}

export function rec(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** The stand-in hung up before the answer was sent (it timed out). */
  abandoned: boolean;
}

/** What the app does with the nth request (0-based): answer, answer late, or hang. */
export type Reply = { status: number; delayMs?: number; headers?: Record<string, string> };

export interface FakeApp {
  server: Server;
  url: string;
  got: Received[];
  close(): Promise<void>;
}

export async function startApp(reply: number | ((n: number) => Reply) = 200): Promise<FakeApp> {
  const got: Received[] = [];
  const plan: (n: number) => Reply = typeof reply === 'number' ? () => ({ status: reply }) : reply;
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Received = { headers: req.headers, raw: Buffer.concat(chunks).toString('utf8'), at: Date.now(), abandoned: false };
      got.push(entry);
      const { status, delayMs = 0, headers = {} } = plan(got.length - 1);
      res.on('close', () => {
        if (!res.writableFinished) entry.abandoned = true;
      });
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status, headers).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    server,
    url,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function expectSigned(r: Received): void {
  const ts = String(r.headers['x-slack-request-timestamp']);
  const mac = createHmac('sha256', SECRET).update(`v0:${ts}:${r.raw}`).digest('hex');
  expect(r.headers['x-slack-signature']).toBe(`v0=${mac}`);
  expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(5);
}

export interface Workspace {
  standIn: LocalSlack;
  app: FakeApp;
  /** A person in the workspace, to act as. */
  alice: string;
}

/**
 * For the tests of the enclosing describe: a fresh stand-in with defaults, a scriptable app it delivers
 * to, and one user; stopped after each test. Read its fields inside tests (they change per test).
 */
export function workspacePerTest(): Workspace {
  const ws = {} as Workspace;
  beforeEach(async () => {
    ws.standIn = await StandIn.start({ botToken: TOKEN, signingSecret: SECRET });
    ws.app = await startApp();
    ws.standIn.appUrl = ws.app.url;
    ws.alice = ws.standIn.addUser({ name: 'alice' }).id;
  });
  afterEach(async () => {
    await ws.standIn.stop();
    await ws.app.close();
  });
  return ws;
}
