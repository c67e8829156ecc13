// An offline Slack: a node:http server that answers the Web API (point WebClient/Bolt's
// `slackApiUrl` at `apiUrl`), accepts file-upload bytes and response_url posts, and plays user
// actions by delivering signed Events API envelopes to the app at `appUrl`.
import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as actions from './standInActions';
import { parseArgs, parseMultipart, readBody } from './httpBody';
import { HttpResult, signatureHeaders } from './signing';
import { Channel, Ephemeral, JsonRecord, OpenedView, StoredFile, StoredMessage, User } from './standInModel';
import { AddChannelInput, AddUserInput, StandInState } from './standInState';
import { SocketModeEndpoint } from './socketMode';
import { ApiResult, BotMessageHooks, Handler, fail, ok } from './webApiCommon';
import { chatHandlers } from './webApiChat';
import { conversationHandlers } from './webApiConversations';
import { fileHandlers } from './webApiFiles';
import { viewHandlers } from './webApiViews';

export interface StandInOptions {
  botToken: string;
  signingSecret: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Deliver `message` events for the bot's own posts, as Slack does when subscribed. */
  deliverBotMessages?: boolean;
  /** Write channel_join / channel_topic messages into history like Slack (default true). */
  systemMessages?: boolean;
  /** App-level token (xapp-…) that `apps.connections.open` accepts, for Socket Mode. */
  appToken?: string;
}

export interface RecordedCall {
  method: string;
  /** Form/JSON arguments minus the token; JSON-string fields (blocks, files…) decoded. */
  args: JsonRecord;
  /** Stand-in clock, seconds. */
  at: number;
  failed: boolean;
  result: unknown;
}

export interface RecordedResponse {
  id: string;
  body: unknown;
  at: number;
  status: number;
}

export type Failure = { error: string } | { status: 429; retryAfter: number };

export interface Delivery extends HttpResult {
  elapsedMs: number;
}

export interface DeliveryRecord {
  eventId: string;
  event: JsonRecord;
  retryNum?: number;
  delivery?: Delivery;
  error?: string;
}

export interface ActionResult {
  event: JsonRecord;
  eventId: string;
  /** undefined when not delivered: `deliver:false`, or the bot is not in the channel. */
  delivery: Delivery | undefined;
}

export interface DeliverOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  signingSecret?: string;
  timestampSec?: number;
}

export interface ActionOptions {
  deliver?: boolean;
}

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_SEC = 30 * 60;
const HANDLERS: Record<string, Handler> = { ...conversationHandlers, ...chatHandlers, ...fileHandlers, ...viewHandlers };

export class SlackStandIn {
  readonly state: StandInState;
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  appUrl: string | undefined;
  /** Socket Mode: the WebSocket side of the stand-in, reached through `apps.connections.open`. */
  readonly socketMode: SocketModeEndpoint;

  private readonly failures = new Map<string, Failure[]>();
  private readonly responseUrls = new Map<string, { issuedAt: number; uses: number }>();
  private readonly pending = new Set<Promise<unknown>>();
  private responseCounter = 0;
  private baseUrl = '';

  private constructor(
    private readonly opts: StandInOptions,
    private readonly server: Server,
  ) {
    this.socketMode = new SocketModeEndpoint(server);
    this.state = new StandInState({
      botUserId: opts.botUserId ?? 'UBOT',
      botId: opts.botId ?? 'BBOT',
      teamId: opts.teamId ?? 'T0001',
      systemMessages: opts.systemMessages ?? true,
    });
  }

  static async start(opts: StandInOptions): Promise<SlackStandIn> {
    const server = createServer();
    const standIn = new SlackStandIn(opts, server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      standIn.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`stand-in crashed: ${err instanceof Error ? err.stack : String(err)}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn.baseUrl = `http://127.0.0.1:${port}`;
    return standIn;
  }

  get url(): string {
    return this.baseUrl;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get botUserId(): string {
    return this.state.botUserId;
  }

  get botId(): string {
    return this.state.botId;
  }

  get teamId(): string {
    return this.state.teamId;
  }

  async stop(): Promise<void> {
    // Let in-flight bot-message deliveries finish, but never let a hung app block teardown.
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => setTimeout(r, 3000).unref())]);
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- workspace accessors ----------------------------------------------------------------

  nowSec(): number {
    return this.state.nowSec();
  }
  setClock(fn: () => number): void {
    this.state.setClock(fn);
  }
  addUser(input: AddUserInput): User {
    return this.state.addUser(input);
  }
  user(id: string): User | undefined {
    return this.state.user(id);
  }
  addChannel(input: AddChannelInput): Channel {
    return this.state.addChannel(input);
  }
  channel(id: string): Channel | undefined {
    return this.state.channel(id);
  }
  channelByName(name: string): Channel | undefined {
    return this.state.channelByName(name);
  }
  messages(channelId: string): StoredMessage[] {
    return this.state.messages(channelId);
  }
  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.state.message(channelId, ts);
  }
  pins(channelId: string): string[] {
    return [...(this.state.channel(channelId)?.pins ?? [])];
  }
  get files(): StoredFile[] {
    return this.state.allFiles();
  }
  file(id: string): StoredFile | undefined {
    return this.state.file(id);
  }
  get ephemerals(): Ephemeral[] {
    return this.state.ephemerals;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Fail the next `times` calls of `method` (after auth passes), then behave normally again. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  newResponseUrl(): string {
    const id = String(++this.responseCounter);
    this.responseUrls.set(id, { issuedAt: this.nowSec(), uses: 0 });
    return `${this.baseUrl}/respond/${id}`;
  }

  /** Modals the app opened (views.open), oldest first. */
  get views(): OpenedView[] {
    return this.state.views;
  }

  // ---- user actions ------------------------------------------------------------------------

  userPosts(userId: string, channelId: string, text: string, opts: ActionOptions & { threadTs?: string; ts?: string } = {}): Promise<ActionResult> {
    const { threadTs, ts } = opts;
    const outcome = actions.userPosts(this.state, userId, channelId, text, {
      ...(threadTs !== undefined ? { threadTs } : {}),
      ...(ts !== undefined ? { ts } : {}),
    });
    return this.deliverOutcome(outcome, opts);
  }

  userEdits(userId: string, channelId: string, ts: string, newText: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userEdits(this.state, userId, channelId, ts, newText), opts);
  }

  userDeletes(channelId: string, ts: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userDeletes(this.state, channelId, ts), opts);
  }

  userReacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, true), opts);
  }

  userUnreacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, false), opts);
  }

  private async deliverOutcome(outcome: actions.ActionOutcome, opts: ActionOptions): Promise<ActionResult> {
    if ((opts.deliver ?? true) && outcome.botCanSee) return this.deliverEvent(outcome.event);
    return { event: outcome.event, eventId: newEventId(), delivery: undefined };
  }

  /** Signs and POSTs an Events API envelope to `appUrl`; reuse `eventId` to simulate a redelivery. */
  async deliverEvent(event: object, opts: DeliverOptions = {}): Promise<ActionResult & { delivery: Delivery }> {
    const appUrl = this.appUrl;
    if (appUrl === undefined) throw new Error('stand-in: set appUrl before delivering events (or pass deliver:false)');
    const eventId = opts.eventId ?? newEventId();
    const envelope = {
      token: 'stand-in-verification',
      team_id: this.teamId,
      api_app_id: 'A0001',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(this.nowSec()),
      authorizations: [
        { enterprise_id: null, team_id: this.teamId, user_id: this.botUserId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
    };
    const raw = JSON.stringify(envelope);
    // Signed with the wall clock, not the stand-in clock: Bolt compares against Date.now().
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...signatureHeaders(opts.signingSecret ?? this.opts.signingSecret, raw, opts.timestampSec),
    };
    if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
    if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
    const record: DeliveryRecord = { eventId, event: { ...event }, ...(opts.retryNum !== undefined ? { retryNum: opts.retryNum } : {}) };
    this.deliveries.push(record);
    const started = Date.now();
    try {
      const res = await fetch(appUrl, { method: 'POST', headers, body: raw });
      const delivery: Delivery = {
        status: res.status,
        body: await res.text(),
        headers: Object.fromEntries(res.headers.entries()),
        elapsedMs: Date.now() - started,
      };
      record.delivery = delivery;
      return { event: record.event, eventId, delivery };
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const [, kind, id] = url.pathname.split('/');
    if (kind === 'api' && id) return this.handleApi(id, req, body, url.searchParams, res);
    if (kind === 'upload' && id && req.method === 'POST') return this.handleUpload(id, req, body, res);
    if (kind === 'respond' && id && req.method === 'POST') return this.handleRespond(id, req, body, res);
    send(res, 404, 'text/plain', 'not_found');
  }

  private handleApi(method: string, req: IncomingMessage, body: Buffer, query: URLSearchParams, res: ServerResponse): void {
    const args = parseArgs(body, req.headers['content-type'], query);
    const header = req.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = { method, args, at: this.nowSec(), failed: false, result: undefined };
    this.calls.push(call);

    let result: ApiResult;
    // Socket Mode's connection call is the one method that takes the app-level token.
    const expected = method === 'apps.connections.open' ? this.opts.appToken : this.opts.botToken;
    if (token === undefined || token === '') result = fail('not_authed');
    else if (token !== expected) result = fail('invalid_auth');
    else if (method === 'apps.connections.open') result = ok({ url: this.socketMode.url(this.baseUrl) });
    else {
      const injected = this.failures.get(method)?.shift();
      if (injected && 'status' in injected) {
        call.failed = true;
        call.result = { ok: false, error: 'ratelimited' };
        res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(injected.retryAfter) });
        res.end(JSON.stringify(call.result));
        return;
      }
      if (injected) result = fail(injected.error);
      else {
        const handler = HANDLERS[method];
        result = handler ? handler({ state: this.state, args, baseUrl: this.baseUrl, hooks: this.hooks }) : fail('unknown_method');
      }
    }
    call.failed = !result.ok;
    call.result = result;
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  private handleUpload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const file = this.state.file(fileId);
    if (!file || file.completed) return send(res, 404, 'text/plain', 'file_not_found');
    const contentType = req.headers['content-type'] ?? '';
    // WebClient sends multipart with one Blob field named "body"; curl-style raw bytes work too.
    if (/^multipart\/form-data/i.test(contentType)) {
      const parts = parseMultipart(body, contentType);
      const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
      file.content = Buffer.from(part?.data ?? Buffer.alloc(0));
    } else {
      file.content = Buffer.from(body);
    }
    file.uploaded = true;
    send(res, 200, 'text/plain', `OK - ${file.content.length}`);
  }

  private handleRespond(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const text = body.toString('utf8');
    let parsed: unknown = text;
    if (/json/i.test(req.headers['content-type'] ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    // Slack honours a response_url up to 5 times within 30 minutes.
    const entry = this.responseUrls.get(id);
    let status = 200;
    let answer = 'ok';
    if (!entry) [status, answer] = [404, 'invalid_url'];
    else if (this.nowSec() - entry.issuedAt > RESPONSE_URL_TTL_SEC) [status, answer] = [404, 'expired_url'];
    else if (entry.uses >= RESPONSE_URL_USES) [status, answer] = [404, 'used_url'];
    else entry.uses += 1;
    this.responses.push({ id, body: parsed, at: this.nowSec(), status });
    send(res, status, 'text/plain', answer);
  }

  private readonly hooks: BotMessageHooks = {
    posted: (channel, msg) => this.deliverBotEvent(() => actions.messageEvent(this.state, channel, msg)),
    changed: (channel, msg, previous) =>
      this.deliverBotEvent(() => actions.changedEvent(this.state, channel, msg, previous)),
  };

  // Slack delivers the bot's own messages asynchronously, unordered relative to the API reply.
  private deliverBotEvent(build: () => JsonRecord): void {
    if (!this.opts.deliverBotMessages || this.appUrl === undefined) return;
    const event = build();
    const p = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliverEvent(event))
      .catch(() => undefined)
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

/** Random like Slack's ids, so ids from two stand-ins never collide in a shared dedupe store. */
function newEventId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `Ev${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
