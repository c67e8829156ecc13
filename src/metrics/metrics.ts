import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SEVERITIES, type Severity } from '../domain/commandTypes';
import { RESPONSE_STEPS, type ResponseStep } from '../domain/responseTimes';

/**
 * What the bot exposes on GET /metrics (Prometheus text format). One registry per bot, never
 * prom-client's global one, so several bots in one process (tests, replicas) each count their own.
 * The write path and the adapters report through the small functions below; gauges of what is
 * stored (inbox, outbox, open incidents) are read from the database when scraped.
 */

/** What a Slack request became in the inbox. */
export type EventKind = 'channel_event' | 'command' | 'form' | 'home_opened';
/** A command typed or made by a button is a `command`; the declaration form and the shortcut's form are `form`s. */
export const eventKindOf = (payloadType: string): EventKind =>
  payloadType === 'channel_event' || payloadType === 'home_opened'
    ? payloadType
    : payloadType === 'declare_form' || payloadType === 'added_message'
      ? 'form'
      : 'command';

export interface ScrapeSources {
  inbox: { depth(now: Date): Promise<{ pending: number; oldestPendingAt?: Date | undefined }> };
  outbox: { depth(now: Date): Promise<{ pending: number; oldestDueAt?: Date | undefined }> };
  openIncidents(): Promise<Array<{ severity?: Severity | undefined }>>;
  /** The database's time, which the stored times are in. */
  now(): Date;
  /** A failed read at scrape time: its gauges are left out of that scrape. */
  onError(what: string, err: unknown): void;
}

const STEP_HELP: Record<ResponseStep, string> = {
  acknowledge: 'Time from declaration to the first lead assignment or status change, by severity',
  identify: 'Time from declaration to the identified phase (or a later one), by severity',
  mitigate: 'Time from declaration to the monitoring phase (or resolved), by severity',
  resolve: 'Time from declaration to the resolved phase, by severity',
};
/** From a minute to three days. */
const RESPONSE_BUCKETS = [60, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 259_200];

/** One read for every caller while it is in flight. */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

export const severityLabel = (s: Severity | undefined): string => s ?? 'none';

export function createMetrics(sources: ScrapeSources) {
  const registry = new Registry();
  const registers = [registry];
  // The gauges of one scrape are collected at once: each store is read once for all of them.
  const inboxDepth = shared(() => sources.inbox.depth(sources.now()));
  const outboxDepth = shared(() => sources.outbox.depth(sources.now()));
  const secondsSince = (at: Date | undefined) => (at ? Math.max(0, (sources.now().getTime() - at.getTime()) / 1000) : 0);

  const received = new Counter({
    name: 'incident_bot_events_received_total',
    help: 'Slack requests that reached the inbox, by kind and by what became of them (stored, duplicate, not_stored)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const applied = new Counter({ name: 'incident_bot_events_applied_total', help: 'Inbox items applied, by kind', labelNames: ['kind'] as const, registers });
  const failed = new Counter({
    name: 'incident_bot_events_failed_total',
    help: 'Inbox items whose apply failed, by kind and outcome (retrying later, or given up)',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const outboxFailures = new Counter({
    name: 'incident_bot_outbox_failures_total',
    help: "Failed outbox deliveries, by Slack's error code (not_slack: the database or the bot itself)",
    labelNames: ['code'] as const,
    registers,
  });
  const rateLimited = new Counter({ name: 'incident_bot_slack_rate_limited_total', help: 'Web API answers with HTTP 429, by method', labelNames: ['method'] as const, registers });
  const draftSeconds = new Histogram({
    name: 'incident_bot_draft_generation_seconds',
    help: 'Time to generate a postmortem draft (reconciling the channel, composing, storing)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const response = Object.fromEntries(
    RESPONSE_STEPS.map((step) => [
      step,
      new Histogram({ name: `incident_bot_time_to_${step}_seconds`, help: STEP_HELP[step], labelNames: ['severity'] as const, buckets: RESPONSE_BUCKETS, registers }),
    ]),
  ) as Record<ResponseStep, Histogram<'severity'>>;

  // Every severity has its series from the start, so a rate over them is defined before the first incident.
  for (const h of Object.values(response)) for (const s of [...SEVERITIES, undefined]) h.zero({ severity: severityLabel(s) });

  /** A gauge read from the database when scraped; unknown (NaN, or no series) when the read fails. */
  const scraped = <L extends string>(name: string, help: string, labelNames: readonly L[], read: (g: Gauge<L>) => Promise<void>) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        await read(this).catch((err: unknown) => {
          this.reset();
          if (labelNames.length === 0) this.set(Number.NaN);
          sources.onError(name, err);
        });
      },
    });
  scraped('incident_bot_inbox_pending', 'Inbox items waiting to be applied', [], async (g) => {
    g.set((await inboxDepth()).pending);
  });
  scraped('incident_bot_inbox_oldest_pending_seconds', 'Age of the oldest inbox item waiting to be applied (0 when none)', [], async (g) => {
    g.set(secondsSince((await inboxDepth()).oldestPendingAt));
  });
  scraped('incident_bot_outbox_pending', 'Outbox jobs not yet delivered (due now or later)', [], async (g) => {
    g.set((await outboxDepth()).pending);
  });
  scraped('incident_bot_outbox_oldest_due_seconds', 'How long the longest-waiting due outbox job has been due (0 when none)', [], async (g) => {
    g.set(secondsSince((await outboxDepth()).oldestDueAt));
  });
  scraped('incident_bot_open_incidents', 'Open incidents, by severity', ['severity'], async (g) => {
    const open = await sources.openIncidents();
    for (const s of [...SEVERITIES, undefined]) g.set({ severity: severityLabel(s) }, open.filter((i) => i.severity === s).length);
  });

  return {
    registry,
    contentType: registry.contentType,
    /** The text of one scrape. */
    render: () => registry.metrics(),
    received: (kind: EventKind, outcome: 'stored' | 'duplicate' | 'not_stored') => received.inc({ kind, outcome }),
    applied: (kind: EventKind, count = 1) => applied.inc({ kind }, count),
    failed: (kind: EventKind, outcome: 'retrying' | 'given_up', count = 1) => failed.inc({ kind, outcome }, count),
    outboxFailed: (code: string) => outboxFailures.inc({ code }),
    rateLimited: (method: string) => rateLimited.inc({ method }),
    /** Times one draft's generation; call the returned function when it ends. */
    draftTimer: () => draftSeconds.startTimer(),
    responseTime: (step: ResponseStep, severity: Severity | undefined, ms: number) => response[step].observe({ severity: severityLabel(severity) }, ms / 1000),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
