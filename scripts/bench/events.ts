// Scenario 1: bursts of 📌 reactions on distinct messages of one incident channel, a fixed pool in flight.
import { inPool, sleep, within } from './load';
import { rssAfterGc } from './machine';
import { chatUpdates, incidentChannel, postMessages, type Workspace } from './slack';
import { ackRate, summarize, type LatencySummary } from './stats';
import type { Target, TargetName } from './target';
import { waitForNotes } from './visible';

export interface BurstResult {
  events: number;
  ack: LatencySummary;
  ackRate: number;
  /** Entries per second from the burst's first send until a fresh read saw them all; undefined where nothing is read (F1). */
  visibleRate: number | undefined;
  /** Why there is no visible rate although the target keeps a timeline, e.g. "timed out (312/400)". */
  visibleFailure?: string;
  /** chat.update calls from the first send until the burst was visible (or acked), and until settled (SETTLE_MS later). */
  chatUpdatesBurst: number;
  chatUpdatesSettled: number;
  rssMb: number;
}

export interface EventsResult {
  target: TargetName;
  bursts: BurstResult[];
}

export interface EventsSize {
  events: number;
  bursts: number;
  inFlight: number;
}

// The bot is known to need minutes for a burst today; these bound the wait without cutting a slow run short.
const VISIBLE_TIMEOUT_MS = 10 * 60_000;
const STALL_MS = 60_000;
/** Quiet time after a burst before counting chat.update again: longer than a summary-edit coalescing window of a few seconds. */
export const SETTLE_MS = 10_000;

export async function runEvents(ws: Workspace, target: Target, size: EventsSize, log: (line: string) => void): Promise<EventsResult> {
  const channelId = await incidentChannel(ws, target);
  const bursts: BurstResult[] = [];
  for (let b = 1; b <= size.bursts; b++) {
    log(`burst ${b}: posting ${size.events} messages (not timed)`);
    const messages = await postMessages(ws, target, channelId, size.events, `burst ${b}`, size.inFlight);
    await within(target.settle(), 5 * 60_000, undefined);
    const baseline = (await target.visibleNotes?.(channelId)) ?? 0;
    const updatesBefore = chatUpdates(ws);

    log(`burst ${b}: ${size.events} reactions, ${size.inFlight} in flight`);
    let markLoadDone = () => {};
    const loadDone = new Promise<void>((resolve) => (markLoadDone = resolve));
    const acking = inPool(messages, size.inFlight, async (ts) => {
      const reacted = await ws.standIn.userReacts(ws.userId, channelId, ts, 'pushpin');
      return reacted.delivery?.status ?? 0;
    }).finally(markLoadDone);
    const watching = target.visibleNotes
      ? waitForNotes(target, channelId, baseline + size.events, { loadDone, timeoutMs: VISIBLE_TIMEOUT_MS, stallMs: STALL_MS })
      : undefined;
    const samples = await acking;
    const visibility = await watching;
    const chatUpdatesBurst = chatUpdates(ws) - updatesBefore;

    const firstSent = Math.min(...samples.map((s) => s.sentAt));
    const rate = ackRate(samples);
    let visibleRate: number | undefined;
    let visibleFailure: string | undefined;
    if (visibility?.at !== undefined) visibleRate = size.events / (Math.max(visibility.at - firstSent, 1) / 1000);
    else if (visibility) visibleFailure = `${visibility.reason ?? 'not seen'} (${Math.max(visibility.seen - baseline, 0)}/${size.events})`;
    // F2 stores each event before Bolt answers: its entries are visible exactly when acked.
    else if (target.name === 'F2') visibleRate = rate;

    log(`burst ${b}: letting work finish (+${SETTLE_MS / 1000} s)`);
    await within(target.settle(), 5 * 60_000, undefined);
    await sleep(SETTLE_MS);
    bursts.push({
      events: size.events,
      ack: summarize(samples),
      ackRate: rate,
      visibleRate,
      ...(visibleFailure !== undefined ? { visibleFailure } : {}),
      chatUpdatesBurst,
      chatUpdatesSettled: chatUpdates(ws) - updatesBefore,
      rssMb: rssAfterGc(),
    });
    const last = bursts.at(-1);
    log(`burst ${b}: ${rate.toFixed(1)} acked/s, p99 ${last?.ack.p99.toFixed(0)} ms, visible ${visibleRate?.toFixed(1) ?? visibleFailure ?? '-'}/s`);
  }
  return { target: target.name, bursts };
}
