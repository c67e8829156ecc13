// A local Slack: a node:http server that answers the Web API (point WebClient/Bolt's `slackApiUrl` at
// `apiUrl`), accepts file-upload bytes and response_url posts, and plays people's actions by sending the app
// at `appUrl` signed requests, as Slack does. The tests use it as Slack's stand-in; the playground runs the
// bot against it with a web page in front (src/playground).
import { ChangeFeed } from './changes';
import { runSlashCommand } from './slashCommands';
import { homesOf } from './webApiHome';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as actions from './standInActions';
import { readBody } from './httpBody';
import { Interactivity, type ClickTarget, type InputValue, type InteractionOptions, type InteractionResult } from './interactivity';
import { sendInteraction, type HttpResult } from './signing';
import { EventDeliverer, newEventId } from './eventDelivery';
import { Faults, RATE_LIMITS_BY_DEFAULT } from './faults';
import type { JsonRecord } from './standInModel';
import { StandInState } from './standInState';
import { PeopleActions } from './peopleActions';
import { ResponseUrls, handleUpload, send, type ResponseTarget } from './standInHttp';
import { SocketModeEndpoint } from './socketMode';
import { trimRecords, type ActionOptions, type ActionResult, type DeliverOptions, type Delivery, type DeliveryRecord } from './standInTypes';
import type { RecordedCall, RecordedResponse, StandInOptions } from './standInTypes';
import { BotMessageHooks } from './webApiCommon';
import { WebApiGate } from './webApiGate';

export * from './standInTypes';
export type { IntegrationPost } from './integrations';
export type { Change } from './changes';
export { encodeTyped, escapeEntities } from './slackText';
export { SLACK_TIERS, type RateLimitOptions } from './rateLimits';
export type { ClickTarget, InputValue, InteractionOptions, InteractionResult } from './interactivity';


export class LocalSlack extends PeopleActions {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  appUrl: string | undefined;
  /** Socket Mode: the WebSocket side of the stand-in, reached through `apps.connections.open`. */
  readonly socketMode: SocketModeEndpoint;
  /** Slack misbehaving on purpose: failures, stalls, rate limits, missing scopes, retries (faults.ts). */
  readonly faults: Faults;
  /** What changed, for a live view of the workspace (the playground's page). */
  readonly changes = new ChangeFeed();

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
      changes: this.changes,
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
    this.responseUrls = new ResponseUrls(this.state, this.responses, this.changes);
    this.interactivity = new Interactivity({
      state: this.state,
      post: (p) => this.deliverInteraction(p),
      newResponseUrl: (to) => this.newResponseUrl(to),
      home: (userId) => this.home(userId),
    });
    this.faults = new Faults(this.gate, this.deliverer);
    this.faults.setRetries(opts.retries ?? false);
    this.faults.setRateLimits(opts.rateLimits ?? RATE_LIMITS_BY_DEFAULT);
    if (opts.keepRecords !== undefined) {
      const keep = opts.keepRecords;
      this.trimming = setInterval(() => trimRecords([this.calls, this.responses, this.deliveries, this.state.ephemerals], this.state.views, keep), 10_000);
      this.trimming.unref();
    }
  }

  private trimming: NodeJS.Timeout | undefined;

  static async start(opts: StandInOptions): Promise<LocalSlack> {
    const server = createServer();
    const standIn = new LocalSlack(opts, server);
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
    clearInterval(this.trimming);
    // Let in-flight bot-message deliveries finish, but never let a hung app block teardown.
    const grace = new Promise((r) => setTimeout(r, 3000).unref());
    await Promise.all([Promise.race([Promise.allSettled([...this.pending]), grace]), this.deliverer.stop(3000)]);
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo = (method: string): RecordedCall[] => this.calls.filter((c) => c.method === method);

  /** A response_url; one issued for a person in a conversation shows its answers to them there. */
  newResponseUrl(to?: ResponseTarget): string {
    return this.responseUrls.issue(this.baseUrl, to);
  }

  /** Back to a workspace with only the bot in it: people, channels, messages, files, views and records go. */
  reset(): void {
    this.state.clear();
    homesOf(this.state).clear();
    this.responseUrls.clear();
    this.calls.length = 0;
    this.responses.length = 0;
    this.deliveries.length = 0;
    this.changes.emit({ what: 'reset' });
  }

  /**
   * The person runs a slash command in a conversation, as Slack sends it: a signed form with a response_url
   * and a trigger. What the app answers (in its ack, then at the response_url) is shown to that person there;
   * an app that fails or does not answer within 3 s gets Slack's own words for it.
   */
  userRunsCommand(userId: string, channelId: string, text: string, opts: { command?: string } = {}): Promise<HttpResult> {
    if (this.appUrl === undefined) throw new Error('stand-in: set appUrl before commands');
    const to = { userId, channelId };
    const sent = { appUrl: this.appUrl, signingSecret: this.opts.signingSecret, responseUrl: this.newResponseUrl(to), triggerId: this.interactivity.issueTrigger(userId) };
    return runSlashCommand(this.state, sent, { ...to, text, command: opts.command ?? '/incident' }).finally(() => this.changes.emit({ what: 'respond', channelId, userId }));
  }

  // Interactivity (interactivity.ts): built from what the app showed; each carries a trigger valid for 3 s.

  /** Clicks a button the app put in a message (`{channelId, ts}`) or in a view it opened (`{viewId}`); refused if there is none. */
  userClicks(userId: string, target: ClickTarget, actionId: string, value?: string, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.click(userId, target, actionId, value, opts).finally(() => this.changes.emit({ what: 'view', userId }));
  }

  /** Runs a message shortcut on a message, as Slack sends it (`message_action`). */
  userRunsShortcut(userId: string, channelId: string, messageTs: string, callbackId: string, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.runShortcut(userId, channelId, messageTs, callbackId, opts);
  }

  /** Submits a view the app opened: per input block, text, an option's value, a user id or a time (unix s). */
  userSubmitsView(userId: string, viewId: string, values: Record<string, InputValue> = {}, opts: InteractionOptions = {}): Promise<InteractionResult> {
    return this.interactivity.submit(userId, viewId, values, opts).finally(() => this.changes.emit({ what: 'view', userId }));
  }

  /** Closes a modal the app opened (Cancel, or the X); the app hears of it only if the view asked (`notify_on_close`). */
  userClosesView(userId: string, viewId: string): Promise<void> {
    return this.interactivity.close(userId, viewId).finally(() => this.changes.emit({ what: 'view', userId }));
  }

  /** Signs and POSTs an interactivity payload to `appUrl` (the test app waits for what it leads to). */
  deliverInteraction(payload: object): Promise<HttpResult> {
    if (this.appUrl === undefined) throw new Error('stand-in: set appUrl before interactions');
    return sendInteraction(this.appUrl, this.opts.signingSecret, payload);
  }

  protected async deliverOutcome(outcome: actions.ActionOutcome, opts: ActionOptions): Promise<ActionResult> {
    this.changes.emit({ what: 'user', ...(typeof outcome.event.channel === 'string' ? { channelId: outcome.event.channel } : {}) });
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
