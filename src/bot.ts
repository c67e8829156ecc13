import { randomUUID } from 'node:crypto';
import type { App, Logger } from '@slack/bolt';
import { WebClient, WebClientEvent, type RetryOptions } from '@slack/web-api';
import { serviceSettings, type Config } from './config';
import type { Database } from './db/connection';
import { createCounters } from './db/counters';
import { createInbox } from './db/inbox';
import { createJobLocks } from './db/jobLocks';
import { createHomeStore } from './db/home';
import { createIncidents } from './db/incidents';
import { createOutbox } from './db/outbox';
import { createPostmortems } from './db/postmortems';
import { createTimeline } from './db/timeline';
import { createTranscript } from './db/transcript';
import { SlackApiError } from './errors';
import { createDatabaseClock, describeSkew } from './db/databaseClock';
import { Applier } from './inbox/applier';
import { createReceiver, LEASE_MS, type Receive } from './inbox/receive';
import { leaseFor, type Leases } from './inbox/store';
import { Scheduler, type ScheduledJob } from './jobs/scheduler';
import type { Bindable } from './logContext';
import { createMetrics, eventKindOf } from './metrics/metrics';
import { observingResponseTimes } from './metrics/responseTimeObserver';
import { OutboxRunner } from './outbox/runner';
import type { PostmortemRenderer } from './render/postmortem';
import { createBoltApp, DEFAULT_READ_RETRIES } from './slack/app';
import { createEffectDelivery } from './slack/deliverEffects';
import { createSlackReads } from './slack/slackReads';
import { channelMaker, createSlackWrites } from './slack/webApi';
import type { UseCaseDeps } from './usecases/deps';
import { homesToRefresh, readHome, refreshFigures } from './usecases/appHome';
import { createFormReads } from './usecases/formReads';
import { reconcileChannel } from './usecases/reconcileChannel';
import { sendReminders } from './usecases/sendReminders';
import { sendUpdateNudges } from './usecases/sendUpdateNudges';
import { sendActionReminders } from './usecases/followUps';

export interface BotOptions {
  config: Config;
  db: Database;
  /** Bolt's logger; one that can carry fields (src/logger.ts) gets the incident and request ids on its lines. */
  logger: Bindable<Logger>;
  renderer: PostmortemRenderer;
  /**
   * The incident clock: when things happened, as recorded (Slack's own times come with events). Default:
   * the database clock, so every replica dates what it receives alike; tests set one of their own.
   */
  incidentClock?: () => Date;
  /** This machine's clock; leases and due times use it corrected to the database's (default: the real one). */
  machineClock?: () => Date;
  /** How long an inbox take and an outbox delivery last unless renewed (tests shorten them). */
  leaseMs?: number;
  /** Every Web API request gives up after this long (shorter than a lease; default 10 s). */
  slackTimeoutMs?: number;
  /** How Slack reads retry (tests make them fast). */
  readRetries?: RetryOptions;
  /** Least time between two edits of one summary (Slack allows ~50 chat.update a minute). */
  summaryIntervalMs?: number;
  /** How often the sweepers look for interrupted work. */
  sweepEveryMs?: number;
}

/** Applied inbox items are kept this long to recognise Slack's retries (the last comes within minutes). */
const INBOX_RETENTION_MS = 60 * 60_000;
/** Given-up and refused items, kept for the record (their payloads hold response URLs and text). */
const INBOX_FAILED_RETENTION_MS = 7 * 24 * 60 * 60_000;
/** Reactions, edits and deletions of a closed incident wait this long for it to be reopened. */
const HELD_EVENTS_RETENTION_MS = 30 * 24 * 60 * 60_000;
const OUTBOX_RETENTION_MS = 24 * 60 * 60_000;
/** A clock further than this from the database's is reported at startup. */
const TOLERATED_SKEW_MS = 2_000;

/**
 * The one composition root: the database's repositories, Slack's clients,
 * the write path (inbox → applier → outbox → delivery), the jobs, and the
 * Bolt app whose listeners feed the inbox.
 */
export function createBot(opts: BotOptions) {
  const { config, db, logger } = opts;
  // Leases, due times and timers are shared by replicas: kept in the database's time, whatever each
  // machine's clock says and whatever clock the incidents are recorded with.
  const databaseClock = createDatabaseClock(db.connection, opts.machineClock ?? (() => new Date()));
  const clock = () => databaseClock.now();
  const now = opts.incidentClock ?? clock;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let takes = 0;
  const leases: Leases = { owner, leaseMs: opts.leaseMs ?? LEASE_MS, clock, token: () => `${owner}:${++takes}` };
  const m = db.models;
  const counters = createCounters(m.counters);
  const inbox = createInbox(m.inbox);
  const outbox = createOutbox(m.outbox);
  const incidents = createIncidents(m.incidents);
  const settings = serviceSettings(config);
  const slackApiUrl = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {};
  // Effects get a client that never retries by itself: the outbox reschedules durably instead.
  // A request Slack leaves hanging gives up well within a lease; the applier renews its leases meanwhile.
  const timeout = opts.slackTimeoutMs ?? 10_000;
  const writeClient = new WebClient(config.slack.botToken, { ...slackApiUrl, logger, timeout, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const readClient = new WebClient(config.slack.botToken, { ...slackApiUrl, logger, timeout, retryConfig: opts.readRetries ?? DEFAULT_READ_RETRIES });
  // Every scrape reads the stores' depths and the open incidents then; the rest is counted as it happens.
  const metrics = createMetrics({
    inbox,
    outbox,
    openIncidents: () => incidents.listOpen(),
    now: clock,
    onError: (what, err) => logger.warn(`metrics: ${what} not read:`, err instanceof Error ? err.message : err),
  });
  for (const client of [writeClient, readClient]) {
    client.on(WebClientEvent.RATE_LIMITED, (_sec: number, req: { url?: string }) => metrics.rateLimited(req.url?.split('/').pop() ?? 'unknown'));
  }
  const reads = createSlackReads(readClient);
  const writes = createSlackWrites(writeClient);

  const useCases: UseCaseDeps = {
    incidents,
    timeline: observingResponseTimes(createTimeline(m), incidents, metrics.responseTime),
    transcript: createTranscript(m.transcript),
    postmortems: createPostmortems(m.postmortems, counters),
    counters,
    people: reads,
    history: reads,
    workspaceUrl: () => reads.workspaceUrl(),
    heldEvents: { release: (incidentId, at) => inbox.releaseHeld(incidentId, at) },
    renderer: opts.renderer,
    home: createHomeStore(m),
    settings,
    log: logger,
  };
  const deliverEffect = createEffectDelivery({
    slack: writes,
    read: {
      incident: (id) => incidents.findById(id),
      draft: (id, version) => useCases.postmortems.get(id, version),
      userName: (id) => reads.userName(id),
      home: (userId) => readHome(useCases, userId, now()),
    },
    recordPost: (id, which, ts) => (which === 'summary' ? incidents.setSummaryTs(id, ts) : incidents.setAnnouncementTs(id, ts)),
    recordUpload: (id, version, permalink) => useCases.home.draftUploaded(id, version, permalink),
    saveProgress: (job, effect) => outbox.saveEffect(job, effect),
    settings,
    now,
    log: logger,
  });
  const runner = new OutboxRunner({
    outbox,
    deliver: deliverEffect,
    jobs: { ...useCases, channels: channelMaker(writes) },
    incidentClock: now,
    classify: (err) => {
      metrics.outboxFailed(err instanceof SlackApiError ? err.slackError : 'not_slack');
      return err instanceof SlackApiError
        ? { transient: err.transient, message: err.message, ...(err.retryAfterSec !== undefined ? { retryAfterMs: err.retryAfterSec * 1000 } : {}) }
        : // The database or the network: worth another try.
          { transient: true, message: err instanceof Error ? err.message : String(err) };
    },
    timeDraft: async (run) => {
      const end = metrics.draftTimer();
      try {
        return await run();
      } finally {
        end();
      }
    },
    now: clock,
    owner,
    token: leases.token,
    ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
    coalesceMs: opts.summaryIntervalMs ?? 6_000,
    log: logger,
  });
  const applier = new Applier({
    inbox,
    useCases,
    enqueue: (effects) => runner.enqueue(effects, clock()),
    leases,
    log: logger,
    observe: {
      applied: (type, n) => metrics.applied(eventKindOf(type), n),
      failed: (type, givenUp, n) => metrics.failed(eventKindOf(type), givenUp ? 'given_up' : 'retrying', n),
    },
  });
  const store = createReceiver({ inbox, applier, incidentClock: now, leases, log: logger });
  const receive: Receive = async (id, payload) => {
    const kind = eventKindOf(payload.type);
    try {
      const received = await store(id, payload);
      metrics.received(kind, received);
      return received;
    } catch (err) {
      metrics.received(kind, 'not_stored');
      throw err;
    }
  };
  const app: App = createBoltApp({
    config,
    logger,
    isHealthy: db.isHealthy,
    isReady: async () => ({ database: await db.isHealthy(), jobs: scheduler.isRunning }),
    metrics,
    retryConfig: opts.readRetries ?? DEFAULT_READ_RETRIES,
    listeners: { receive, settings, slack: writes, logger, forms: createFormReads(useCases) },
  });

  const sweepEvery = opts.sweepEveryMs ?? 5_000;
  const jobs: ScheduledJob[] = [
    {
      name: 'inbox-sweeper',
      everyMs: sweepEvery,
      run: async (at) => {
        for (const item of await inbox.claimExpired(at, leaseFor(leases), 200)) applier.submitStored(item);
      },
    },
    { name: 'outbox-sweeper', everyMs: sweepEvery, run: () => runner.poll() },
    // App Home: the response figures, computed from every incident now and then; the homes people have open, kept fresh.
    // At start too: App Home shows figures from the first minute, not five minutes in.
    { name: 'response-figures', everyMs: 5 * 60_000, runAtStart: true, run: async () => void (await refreshFigures(useCases, now())) },
    { name: 'refresh-homes', everyMs: 60_000, run: async () => runner.enqueue((await homesToRefresh(useCases, now())).map((effect) => ({ id: `home:${effect.userId}`, effect })), clock()) },
    { name: 'reminders', everyMs: 60_000, run: async () => runner.enqueue(await sendReminders(useCases, now()), clock()) },
    { name: 'action-reminders', everyMs: 15 * 60_000, run: async () => runner.enqueue(await sendActionReminders(useCases, now()), clock()) },
    { name: 'update-reminders', everyMs: 60_000, run: async () => runner.enqueue(await sendUpdateNudges(useCases, now()), clock()) },
    {
      name: 'purge',
      everyMs: 10 * 60_000,
      run: async (at) => {
        const ago = (ms: number) => new Date(at.getTime() - ms);
        await inbox.purge({ doneBefore: ago(INBOX_RETENTION_MS), failedBefore: ago(INBOX_FAILED_RETENTION_MS), heldBefore: ago(HELD_EVENTS_RETENTION_MS) });
        await outbox.purgeDone(new Date(at.getTime() - OUTBOX_RETENTION_MS));
      },
    },
    {
      // Events lost on the way (Socket Mode acks before storing; a Slack outage) are found in the channels.
      name: 'reconcile-open-incidents',
      everyMs: 15 * 60_000,
      run: async () => {
        for (const incident of await incidents.listOpen()) {
          await reconcileChannel(useCases, incident, now()).catch((err: unknown) => logger.warn(`reconciling incident #${incident.number} failed:`, err));
        }
      },
    },
  ];
  const scheduler = new Scheduler({ locks: createJobLocks(m.jobLocks), owner, now: clock, log: logger });
  let remeasure: NodeJS.Timeout | undefined;

  return {
    app,
    metrics,
    useCases,
    jobs,
    scheduler,
    /** Runs one scheduled job now, outside its schedule and lock (tests, tools). */
    async runJob(name: string): Promise<void> {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job ${name}`);
      await job.run(clock());
      await this.settle();
    },
    /** Starts the receiver (HTTP: resolves to the port) and the jobs. */
    async start(): Promise<number | undefined> {
      const skew = describeSkew(await databaseClock.measure(), TOLERATED_SKEW_MS);
      logger[skew.level](skew.line);
      // A machine's clock can be stepped while the bot runs: measured again now and then.
      remeasure = setInterval(() => void databaseClock.measure().catch(() => undefined), 5 * 60_000);
      remeasure.unref();
      await app.init();
      const server = config.slack.appToken ? await app.start() : await app.start(config.host ? { port: config.port, host: config.host } : config.port);
      scheduler.start(jobs);
      const address = server && typeof server === 'object' && 'address' in server ? server.address() : null;
      return address && typeof address === 'object' ? address.port : undefined;
    },
    /**
     * Waits until what was received has been applied and its effects delivered,
     * including deliveries falling due within `horizonMs` (a coalesced summary edit).
     */
    async settle(horizonMs = 0): Promise<void> {
      for (;;) {
        do {
          await applier.drain();
          await runner.drain();
        } while (applier.busy || runner.busy);
        const due = horizonMs > 0 ? await outbox.firstDueBy(new Date(clock().getTime() + horizonMs)).catch(() => undefined) : undefined;
        if (!due) return;
        await new Promise((r) => setTimeout(r, Math.max(0, due.getTime() - clock().getTime()) + 10));
        await runner.poll();
      }
    },
    /** Stops taking requests, then finishes work in flight for at most `boundMs`. */
    async stop(boundMs = 10_000): Promise<void> {
      clearInterval(remeasure);
      await app.stop();
      await scheduler.stop();
      const drained = this.settle();
      await Promise.race([drained, new Promise((r) => setTimeout(r, boundMs).unref())]);
      runner.stop();
    },
  };
}
export type Bot = ReturnType<typeof createBot>;
