import { randomUUID } from 'node:crypto';
import type { App, Logger } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import { serviceSettings, type Config } from './config';
import type { Database } from './db/connection';
import { createCounters } from './db/counters';
import { createInbox } from './db/inbox';
import { createIncidents } from './db/incidents';
import { createOutbox } from './db/outbox';
import { createPostmortems } from './db/postmortems';
import { createTimeline } from './db/timeline';
import { createTranscript } from './db/transcript';
import { SlackApiError } from './errors';
import { Applier, createReceiver, LEASE_MS } from './inbox/intake';
import { Scheduler, type ScheduledJob } from './jobs/scheduler';
import { OutboxRunner } from './outbox/runner';
import type { PostmortemRenderer } from './render/postmortem';
import { createBoltApp, DEFAULT_READ_RETRIES } from './slack/app';
import { createEffectDelivery } from './slack/deliverEffects';
import { createSlackReads, createSlackWrites } from './slack/webApi';
import type { UseCaseDeps } from './usecases/deps';
import { reconcileChannel } from './usecases/reconcileChannel';
import { sendReminders } from './usecases/sendReminders';

export interface BotOptions {
  config: Config;
  db: Database;
  logger: Logger;
  renderer: PostmortemRenderer;
  /** The only clock. */
  now: () => Date;
  /** How Slack reads retry (tests make them fast). */
  readRetries?: RetryOptions;
  /** Least time between two edits of one summary (Slack allows ~50 chat.update a minute). */
  summaryIntervalMs?: number;
  /** How often the sweepers look for interrupted work. */
  sweepEveryMs?: number;
}

/** Applied inbox items are kept this long to recognise Slack's retries (the last comes within minutes). */
const INBOX_RETENTION_MS = 60 * 60_000;
const OUTBOX_RETENTION_MS = 24 * 60 * 60_000;

/**
 * The one composition root: the database's repositories, Slack's clients,
 * the write path (inbox → applier → outbox → delivery), the jobs, and the
 * Bolt app whose listeners feed the inbox.
 */
export function createBot(opts: BotOptions) {
  const { config, db, logger, now } = opts;
  // Leases, due times and timers are the machine's business, shared by replicas: the real clock,
  // whatever clock the incidents are recorded with.
  const clock = () => new Date();
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const m = db.models;
  const counters = createCounters(m.counters);
  const inbox = createInbox(m.inbox);
  const outbox = createOutbox(m.outbox);
  const incidents = createIncidents(m.incidents);
  const settings = serviceSettings(config);
  const slackApiUrl = config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {};
  // Effects get a client that never retries by itself: the outbox reschedules durably instead.
  const writeClient = new WebClient(config.slack.botToken, { ...slackApiUrl, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const readClient = new WebClient(config.slack.botToken, { ...slackApiUrl, logger, retryConfig: opts.readRetries ?? DEFAULT_READ_RETRIES });
  const reads = createSlackReads(readClient);
  const writes = createSlackWrites(writeClient);

  const useCases: UseCaseDeps = {
    incidents,
    timeline: createTimeline(m),
    transcript: createTranscript(m.transcript),
    postmortems: createPostmortems(m.postmortems, counters),
    counters,
    people: reads,
    history: reads,
    workspaceUrl: () => reads.workspaceUrl(),
    heldEvents: { release: (incidentId, at) => inbox.releaseHeld(incidentId, at) },
    renderer: opts.renderer,
    settings,
    log: logger,
  };
  const runner = new OutboxRunner({
    outbox,
    deliver: createEffectDelivery({ slack: writes, useCases, saveProgress: (job, effect) => outbox.saveEffect(job, effect), now }),
    classify: (err) =>
      err instanceof SlackApiError
        ? { transient: err.transient, message: err.message, ...(err.retryAfterSec !== undefined ? { retryAfterMs: err.retryAfterSec * 1000 } : {}) }
        : // The database or the network: worth another try.
          { transient: true, message: err instanceof Error ? err.message : String(err) },
    now: clock,
    owner,
    coalesceMs: opts.summaryIntervalMs ?? 6_000,
    log: logger,
  });
  const applier = new Applier({ inbox, useCases, enqueue: (effects) => runner.enqueue(effects, clock()), now: clock, log: logger });
  const receive = createReceiver({ inbox, applier, now, clock, owner, log: logger });
  const app: App = createBoltApp({
    config,
    logger,
    isHealthy: db.isHealthy,
    retryConfig: opts.readRetries ?? DEFAULT_READ_RETRIES,
    listeners: { receive, settings, slack: writes, logger },
  });

  const sweepEvery = opts.sweepEveryMs ?? 5_000;
  const jobs: ScheduledJob[] = [
    {
      name: 'inbox-sweeper',
      everyMs: sweepEvery,
      run: async (at) => {
        for (const item of await inbox.claimExpired(at, owner, LEASE_MS, 200)) applier.submit(item);
      },
    },
    { name: 'outbox-sweeper', everyMs: sweepEvery, run: () => runner.poll() },
    { name: 'reminders', everyMs: 60_000, run: async () => runner.enqueue(await sendReminders(useCases, now()), clock()) },
    {
      name: 'purge',
      everyMs: 10 * 60_000,
      run: async (at) => {
        await inbox.purgeDone(new Date(at.getTime() - INBOX_RETENTION_MS));
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
  const scheduler = new Scheduler({ locks: m.jobLocks, owner, now: clock, log: logger });

  return {
    app,
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
      await app.init();
      const server = config.slack.appToken ? await app.start() : await app.start(config.port);
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
      await app.stop();
      await scheduler.stop();
      const drained = this.settle();
      await Promise.race([drained, new Promise((r) => setTimeout(r, boundMs).unref())]);
      runner.stop();
    },
  };
}
export type Bot = ReturnType<typeof createBot>;
