// The playground's page and its API, on 127.0.0.1 unless told otherwise: the page's files (bundled at build
// time into dist/playground/public), JSON reads of the local Slack as one person sees it, people's acts, and
// the local Slack's changes as server-sent events. Nothing here talks to the bot: the local Slack does.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LocalSlack } from '../localSlack/localSlack';
import { act } from './acts';
import type { Act, ActResult, DrillRequest, ServerEvent, Session } from './protocol';
import { conversationOf, conversationsOf, fileOf, NotVisible, surfacesOf, threadOf } from './views';

/** Where `npm run build` puts the page (scripts/build-page.ts). */
export const PUBLIC_DIR = path.resolve(__dirname, '..', '..', 'dist', 'playground', 'public');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };
const MAX_BODY = 1_000_000;

/** What the server is given: the world it shows and what it can ask of it. */
export interface PageWorld {
  readonly slack: LocalSlack;
  session(): Session;
  runDrill(id: string, request: DrillRequest): ActResult;
  stopDrill(): ActResult;
  reset(): Promise<ActResult>;
  /** Subscribes to everything the page hears about; returns the unsubscribe. */
  watch(send: (event: ServerEvent) => void): () => void;
}

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : JSON.parse(text);
}

function events(world: PageWorld, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const stop = world.watch((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  // A comment now and then keeps proxies and the browser from closing an idle stream.
  const beat = setInterval(() => res.write(': beat\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(beat);
    stop();
  });
}

async function staticFile(res: ServerResponse, name: string): Promise<void> {
  const file = path.join(PUBLIC_DIR, name);
  if (!file.startsWith(PUBLIC_DIR + path.sep)) return json(res, 404, { ok: false, error: 'not found' });
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    if (name === 'index.html') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('The page is not built: run `npm run build` (npm start does it).');
    }
    json(res, 404, { ok: false, error: 'not found' });
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Only the page itself may use the API: another site open in the same browser could otherwise post to 127.0.0.1
 * (a form or a no-cors fetch), or reach it through a name that resolves to 127.0.0.1 (DNS rebinding). Acts must
 * be JSON (a cross-site request cannot send that without asking first), from this origin, to a loopback name.
 */
function refusal(req: IncomingMessage, loopbackOnly: boolean): string | undefined {
  const host = req.headers.host ?? '';
  if (loopbackOnly && !LOOPBACK.has(host.replace(/:\d+$/, ''))) return 'the playground answers to 127.0.0.1 and localhost only';
  if (req.method !== 'POST') return undefined;
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return 'acts are JSON (content-type: application/json)';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return 'acts come from the playground page only';
  return undefined;
}

async function route(world: PageWorld, req: IncomingMessage, res: ServerResponse, loopbackOnly: boolean): Promise<void> {
  const refused = refusal(req, loopbackOnly);
  if (refused) return json(res, 403, { ok: false, error: refused });
  const url = new URL(req.url ?? '/', 'http://playground');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const as = url.searchParams.get('as') ?? '';
  const slack = world.slack;
  const get = req.method === 'GET';
  if (get && parts.length === 0) return staticFile(res, 'index.html');
  if (get && parts[0] === 'assets' && parts.length === 2) return staticFile(res, parts[1]!);
  if (get && parts[0] === 'files' && parts[2] === 'download') {
    const file = slack.file(parts[1] ?? '');
    if (!file?.completed) return json(res, 404, { ok: false, error: 'no such file' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"` });
    return void res.end(file.content);
  }
  if (parts[0] !== 'api') return json(res, 404, { ok: false, error: 'not found' });
  const [, what, id, sub, subId] = parts;
  if (get && what === 'session') return json(res, 200, world.session());
  if (get && what === 'events') return events(world, req, res);
  if (get && what === 'conversations' && !id) return json(res, 200, conversationsOf(slack, as));
  if (get && what === 'conversations' && id && !sub) return json(res, 200, conversationOf(slack, id, as));
  if (get && what === 'conversations' && id && sub === 'thread' && subId) return json(res, 200, threadOf(slack, id, subId, as));
  if (get && what === 'surfaces') return json(res, 200, surfacesOf(slack, as));
  if (get && what === 'files' && id) return json(res, 200, fileOf(slack, id, as));
  if (req.method !== 'POST') return json(res, 404, { ok: false, error: 'not found' });
  const body = (await readJson(req)) as Record<string, unknown>;
  if (what === 'act') return json(res, 200, await act(slack, String(body.as ?? ''), body as unknown as Act));
  if (what === 'drills' && id === 'stop') return json(res, 200, world.stopDrill());
  if (what === 'drills' && id) return json(res, 200, world.runDrill(id, { speed: Number(body.speed ?? 1), as: String(body.as ?? '') }));
  if (what === 'reset') return json(res, 200, await world.reset());
  json(res, 404, { ok: false, error: 'not found' });
}

export async function startPlaygroundServer(world: PageWorld, opts: { host: string; port: number; log: (line: string) => void }): Promise<Playground> {
  const server: Server = createServer((req, res) => {
    route(world, req, res, LOOPBACK.has(opts.host)).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof NotVisible) return json(res, 404, { ok: false, error: err.message });
      opts.log(`playground: ${req.method} ${req.url?.split('?')[0]} failed: ${err instanceof Error ? err.message : String(err)}`);
      json(res, 500, { ok: false, error: 'the playground failed to answer; see the log' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
