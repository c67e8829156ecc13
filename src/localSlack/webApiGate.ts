// The door every Web API request passes: token check, recording, injected failures, rate limits,
// then the method's handler. Kept apart from the server so the order of those checks is in one place.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs } from './httpBody';
import { EveryNth, RateLimiter } from './rateLimits';
import type { ChangeFeed } from './changes';
import { ALL_SCOPES, missingScope } from './scopes';
import { StandInState } from './standInState';
import type { Failure, RecordedCall } from './standInTypes';
import { ApiResult, BotMessageHooks, Handler, fail, ok, str } from './webApiCommon';
import { chatHandlers } from './webApiChat';
import { conversationHandlers } from './webApiConversations';
import { fileHandlers } from './webApiFiles';
import { homeHandlers } from './webApiHome';
import { viewHandlers } from './webApiViews';

const HANDLERS: Record<string, Handler> = { ...conversationHandlers, ...chatHandlers, ...fileHandlers, ...viewHandlers, ...homeHandlers };
const JSON_TYPE = 'application/json; charset=utf-8';

export interface GateConfig {
  state: StandInState;
  botToken: string;
  appToken: string | undefined;
  baseUrl(): string;
  socketUrl(): string;
  hooks: BotMessageHooks;
  changes: ChangeFeed;
}

export class WebApiGate {
  readonly failures = new Map<string, Failure[]>();
  /** Per method, delays (ms) for its next calls: Slack answers them only after that long. */
  readonly stalls = new Map<string, number[]>();
  limiter: RateLimiter | undefined;
  everyNth: EveryNth | undefined;
  /** The bot token's OAuth scopes (see scopes.ts): all of them unless a test takes some away. */
  scopes: ReadonlySet<string> = new Set(ALL_SCOPES);

  constructor(
    private readonly cfg: GateConfig,
    private readonly calls: RecordedCall[],
  ) {}

  handle(method: string, req: IncomingMessage, body: Buffer, query: URLSearchParams, res: ServerResponse): void {
    // A stalled call is answered late, as a slow Slack does: the request stays open until then.
    const stall = this.stalls.get(method)?.shift() ?? this.stalls.get('*')?.shift();
    if (stall !== undefined && stall > 0) {
      setTimeout(() => this.answer(method, req, body, query, res), stall);
      return;
    }
    this.answer(method, req, body, query, res);
  }

  private answer(method: string, req: IncomingMessage, body: Buffer, query: URLSearchParams, res: ServerResponse): void {
    // A caller that gave up waiting does not undo the call: Slack still does what was asked.
    const args = parseArgs(body, req.headers['content-type'], query);
    const header = req.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: RecordedCall = { method, args, at: this.cfg.state.nowSec(), failed: false, result: undefined };
    this.calls.push(call);

    // Socket Mode's connection call is the one method that takes the app-level token.
    const expected = method === 'apps.connections.open' ? this.cfg.appToken : this.cfg.botToken;
    let result: ApiResult;
    if (token === undefined || token === '') result = fail('not_authed');
    else if (token !== expected) result = fail('invalid_auth');
    else if (method === 'apps.connections.open') result = ok({ url: this.cfg.socketUrl() });
    else {
      const injected = this.failures.get(method)?.shift();
      // The fault counter sees every authorized call, so "every Nth" stays regular around injections.
      const everyNth = this.everyNth?.next(method);
      if (injected && 'status' in injected) return this.rateLimited(call, res, injected.retryAfter);
      if (injected) result = fail(injected.error);
      else if (everyNth !== undefined) return this.rateLimited(call, res, everyNth);
      else {
        const tierWait = this.limiter?.take(method, this.channelOf(args));
        if (tierWait !== undefined) return this.rateLimited(call, res, tierWait);
        const handler = HANDLERS[method];
        const unscoped = missingScope(this.cfg.state, this.scopes, method, args);
        if (unscoped) result = unscoped;
        else result = handler ? handler({ state: this.cfg.state, args, baseUrl: this.cfg.baseUrl(), hooks: this.cfg.hooks }) : fail('unknown_method');
      }
    }
    call.failed = !result.ok;
    call.result = result;
    call.status = 200;
    res.writeHead(200, { 'content-type': JSON_TYPE });
    res.end(JSON.stringify(result));
    if (result.ok) this.cfg.changes.called(method, this.channelOf(args), str(args, 'user') ?? str(args, 'user_id'));
  }

  private rateLimited(call: RecordedCall, res: ServerResponse, retryAfter: number): void {
    Object.assign(call, { failed: true, result: { ok: false, error: 'ratelimited' }, status: 429, retryAfter });
    res.writeHead(429, { 'content-type': JSON_TYPE, 'retry-after': String(retryAfter) });
    res.end(JSON.stringify(call.result));
  }

  // chat.postMessage is limited per channel; a name and its id are the same channel.
  private channelOf(args: Record<string, unknown>): string | undefined {
    const raw = str(args, 'channel');
    if (raw === undefined) return undefined;
    return this.cfg.state.resolveChannel(raw)?.id ?? raw;
  }
}
