// An offline Slack: a node:http server that answers the Web API (point WebClient/Bolt's
// `slackApiUrl` at `apiUrl`), accepts file-upload bytes and response_url posts, and plays user
// actions by delivering signed Events API envelopes to the app at `appUrl`.
import { homesOf } from './webApiHome';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as actions from './standInActions';
import { integrationEdits, integrationPosts, type IntegrationPost } from './integrations';
import { readBody } from './httpBody';
import { Interactivity, type ClickTarget, type InputValue, type InteractionOptions, type InteractionResult } from './interactivity';
import { sendInteraction, type HttpResult } from './signing';
import { EventDeliverer, newEventId } from './eventDelivery';
import { EveryNth, RateLimitOptions, RateLimiter } from './rateLimits';
import { encodeTyped } from './slackText';
import type { JsonRecord } from './standInModel';
import { StandInState } from './standInState';
import { StandInWorkspace } from './standInWorkspace';
import { ResponseUrls, handleUpload, send } from './standInHttp';
import { SocketModeEndpoint } from './socketMode';
import { SLACK_RETRY_POLICY, type ActionOptions, type ActionResult, type DeliverOptions, type Delivery } from './standInTypes';
import type { DeliveryRecord, Failure, RecordedCall, RecordedResponse, RetryPolicy, StandInOptions, TextOptions } from './standInTypes';
import { BotMessageHooks } from './webApiCommon';
import { WebApiGate } from './webApiGate';

export * from './standInTypes';
export type { IntegrationPost } from './integrations';
export { encodeTyped, escapeEntities } from './slackText';
export { SLACK_TIERS, type RateLimitOptions } from './rateLimits';
export type { ClickTarget, InputValue, InteractionOptions, InteractionResult } from './interactivity';

/**
 * Rate tiers are enforced unless a test opts out: a stand-in more patient than Slack hides a bot
 * that bursts. The whole suite passes with them on (measured when this default was chosen).
 */
const RATE_LIMITS_BY_DEFAULT = true;

export class SlackStandIn extends StandInWorkspace {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  appUrl: string | undefined;
  /** Socket Mode: the WebSocket side of the stand-in, reached through `apps.connections.open`. */
  readonly socketMode: SocketModeEndpoint;

  private readonly gate: WebApiGate;
  private readonly deliverer: EventDeliverer;
  private readonly responseUrls: ResponseUrls;
  private readonly interactivity: Interactivity;
  private readonly pending = new Set<Promise<unknown>>();
  private baseUrl = '';

  private constructor(
    private readonly opts: StandInOptions,
    private readonly server: Server,
  ) {
    super(
      new StandInState({
        botUserId: opts.botUserId ?? 'UBOT',
        botId: opts.botId ?? 'BBOT',
        teamId: opts.teamId ?? 'T0001',
        systemMessages: opts.systemMessages ?? true,
      }),
    );
    this.socketMode = new SocketModeEndpoint(server);
    const gateConfig = {
      state: this.state,
      botToken: opts.botToken,
      appToken: opts.appToken,
      baseUrl: () => this.baseUrl,
      socketUrl: () => this.socketMode.url(this.baseUrl),
      hooks: this.hooks,
    };
    this.gate = new WebApiGate(gateConfig, this.calls);
    const deliveryConfig = {
      appUrl: () => this.appUrl,
      signingSecret: opts.signingSecret,
      teamId: this.state.teamId,
      botUserId: this.state.botUserId,
      nowSec: () => this.nowSec(),
    };
    this.deliverer = new EventDeliverer(deliveryConfig, this.deliveries);
    this.responseUrls = new ResponseUrls(this.state, this.responses);
    this.interactivity = new Interactivity({ state: this.state, post: (p) => this.deliverInteraction(p), newResponseUrl: () => this.newResponseUrl() });
    this.setRetries(opts.retries ?? false);
    this.setRateLimits(opts.rateLimits ?? RATE_LIMITS_BY_DEFAULT);
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

  /** Cancels scheduled event retries; in-flight deliveries get up to 3 s, then are aborted. */
  async stop(): Promise<void> {
    // Let in-flight bot-message deliveries finish, but never let a hung app block teardown.
    const grace = new Promise((r) => setTimeout(r, 3000).unref());
    await Promise.all([Promise.race([Promise.allSettled([...this.pending]), grace]), this.deliverer.stop(3000)]);
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Fail the next `times` calls of `method` (after auth passes), then behave normally again. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.gate.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.gate.failures.set(method, queue);
  }

  /**
   * Answers the next `times` calls of `method` only after `ms` (a slow Slack: the request stays
   * open, then gets its normal answer). `method` '*' stalls the next calls of any method.
   */
  stallNext(method: string, ms: number, times = 1): void {
    const queue = this.gate.stalls.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(ms);
    this.gate.stalls.set(method, queue);
  }

  /**
   * Fault mode: every `n`th Web API call (any method but auth.test and apps.connections.open,
   * counted from now) answers 429 with `Retry-After: retryAfterSec`. `n <= 0` turns it off.
   */
  rateLimitEvery(n: number, retryAfterSec = 1): void {
    this.gate.everyNth = n > 0 ? new EveryNth(n, retryAfterSec) : undefined;
  }

  /** Enforce Slack's rate tiers (`true`, or options), or not (`false`); windows start empty. */
  setRateLimits(limits: boolean | RateLimitOptions): void {
    this.gate.limiter = limits === false ? undefined : new RateLimiter(limits === true ? {} : limits);
  }

  /** The bot token's OAuth scopes from now on: a call needing another one fails with `missing_scope`. */
  setScopes(scopes: readonly string[]): void {
    this.gate.scopes = new Set(scopes);
  }

  /** Retry failed event deliveries like Slack (`true` = Slack's timings), or not (`false`). */
  setRetries(retries: boolean | Partial<RetryPolicy>): void {
    this.deliverer.policy = retries === false ? undefined : { ...SLACK_RETRY_POLICY, ...(retries === true ? {} : retries) };
  }

  get retryPolicy(): RetryPolicy | undefined {
    return this.deliverer.policy;
  }

  newResponseUrl(): string {
    return this.responseUrls.issue(this.baseUrl);
  }

  /** The App Home this person sees: the view the app last published for them. */
  home(userId: string): Record<string, unknown> | undefined {
    return homesOf(this.state).get(userId)?.at(-1);
  }

  /** How many times the app published this person's App Home. */
  homePublishes(userId: string): number {
    return homesOf(this.state).get(userId)?.length ?? 0;
  }

  /** The person opens the app's Home tab: Slack sends `app_home_opened`. */
  userOpensHome(userId: string, opts: DeliverOptions = {}): Promise<ActionResult & { delivery: Delivery }> {
    const event = { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: `${this.state.nextTs()}` };
    return this.deliverEvent(event, opts);
  }

  // ---- user actions ------------------------------------------------------------------------
  // Text is what the person typed and is stored entity-encoded, as Slack does (see slackText.ts).

  userPosts(userId: string, channelId: string, text: string, opts: TextOptions & { threadTs?: string; ts?: string } = {}): Promise<ActionResult> {
    const { threadTs, ts } = opts;
    const outcome = actions.userPosts(this.state, userId, channelId, opts.wire ? text : encodeTyped(text), {
      ...(threadTs !== undefined ? { threadTs } : {}),
      ...(ts !== undefined ? { ts } : {}),
    });
    return this.deliverOutcome(outcome, opts);
  }

  userEdits(userId: string, channelId: string, ts: string, newText: string, opts: TextOptions = {}): Promise<ActionResult> {
    const text = opts.wire ? newText : encodeTyped(newText);
    return this.deliverOutcome(actions.userEdits(this.state, userId, channelId, ts, text), opts);
  }

  /** Deletes any message (a person's, or the bot's via an admin); a thread parent leaves a tombstone. */
  userDeletes(channelId: string, ts: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userDeletes(this.state, channelId, ts), opts);
  }

  /** A bot or integration posts (an alert, a deploy bot), as Slack shapes such posts: see integrations.ts. */
  integrationPosts(channelId: string, post: IntegrationPost, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(integrationPosts(this.state, channelId, post), opts);
  }

  integrationEdits(channelId: string, ts: string, change: Pick<IntegrationPost, 'text' | 'attachments' | 'blocks'>, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(integrationEdits(this.state, channelId, ts, change), opts);
  }

  userReacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, true), opts);
  }

  userUnreacts(userId: string, channelId: string, ts: string, reaction: string, opts: ActionOptions = {}): Promise<ActionResult> {
    return this.deliverOutcome(actions.userReacts(this.state, userId, channelId, ts, reaction, false), opts);
  }

  // Interactivity (interactivity.ts): built from what the app showed; each carries a trigger valid for 3 s.

  /** Clicks a button the app put in a message (`{channelId, ts}`) or in a view it opened (`{viewId}`); refused if there is none. */
  userClicks(userId: string, target: ClickTarget, actionId: string, value?: string, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.click(userId, target, actionId, value, opts);
  }

  /** Runs a message shortcut on a message, as Slack sends it (`message_action`). */
  userRunsShortcut(userId: string, channelId: string, messageTs: string, callbackId: string, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.runShortcut(userId, channelId, messageTs, callbackId, opts);
  }

  /** Submits a view the app opened: per input block, text, an option's value, a user id or a time (unix s). */
  userSubmitsView(userId: string, viewId: string, values: Record<string, InputValue> = {}, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.submit(userId, viewId, values, opts);
  }

  /** Signs and POSTs an interactivity payload to `appUrl` (the test app waits for what it leads to). */
  deliverInteraction(payload: object): Promise<HttpResult> {
    if (this.appUrl === undefined) throw new Error('stand-in: set appUrl before interactions');
    return sendInteraction(this.appUrl, this.opts.signingSecret, payload);
  }

  private async deliverOutcome(outcome: actions.ActionOutcome, opts: ActionOptions): Promise<ActionResult> {
    if ((opts.deliver ?? true) && outcome.botCanSee) return this.deliverEvent(outcome.event);
    return { event: outcome.event, eventId: newEventId(), delivery: undefined };
  }

  /**
   * Signs and POSTs an Events API envelope to `appUrl`; reuse `eventId` to simulate a redelivery.
   * Resolves with the first attempt. With retries on, failed attempts are retried in the
   * background (continuing after `retryNum` when given) and a transport failure resolves with
   * `delivery.failure` set instead of rejecting.
   */
  deliverEvent(event: object, opts: DeliverOptions = {}): Promise<ActionResult & { delivery: Delivery }> {
    return this.deliverer.deliver(event, opts);
  }

  /** Every attempt to deliver one event, in order. */
  attemptsFor(eventId: string): DeliveryRecord[] {
    return this.deliveries.filter((d) => d.eventId === eventId);
  }

  /** Resolves once no delivery is in flight and no retry is scheduled (bot-message events included). */
  async deliveriesSettled(): Promise<void> {
    while (this.pending.size > 0 || !this.deliverer.isIdle()) {
      await Promise.allSettled([...this.pending]);
      await this.deliverer.idle();
    }
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    const [, kind, id] = url.pathname.split('/');
    if (kind === 'api' && id) return this.gate.handle(id, req, body, url.searchParams, res);
    if (kind === 'upload' && id && req.method === 'POST') return handleUpload(this.state, id, req, body, res);
    if (kind === 'respond' && id && req.method === 'POST') return this.responseUrls.handle(id, req, body, res);
    send(res, 404, 'text/plain', 'not_found');
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
