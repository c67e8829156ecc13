// Scenario 3: closing a large incident, from the command until the postmortem file is complete in Slack.
import { performance } from 'node:perf_hooks';
import { inPool, sleep, within } from './load';
import { incidentChannel, postMessages, slashCommand, type Workspace } from './slack';
import { summarize, type LatencySummary } from './stats';
import type { Target, TargetName } from './target';
import { waitForNotes } from './visible';

export interface CloseResult {
  target: TargetName;
  entries: number;
  /** Seconds from sending /incident close until the uploaded draft is complete; undefined when it timed out. */
  seconds: number | undefined;
  closeAckMs: number;
  closeStatus: number;
  draftKb: number | undefined;
  /** Whether the draft carries the last marked message: it was written from the whole timeline. */
  draftHasTimeline: boolean;
  setup: { seconds: number; entriesVisible: number; ack: LatencySummary };
}

export interface CloseSize {
  entries: number;
  inFlight: number;
  timeoutMs: number;
}

export async function runClose(ws: Workspace, target: Target, size: CloseSize, log: (line: string) => void): Promise<CloseResult> {
  const setupStart = performance.now();
  const channelId = await incidentChannel(ws, target, 'Close');
  log(`setup: ${size.entries} messages, then 📌 on each (${size.inFlight} in flight; not timed)`);
  const messages = await postMessages(ws, target, channelId, size.entries, 'close', size.inFlight);
  await within(target.settle(), 5 * 60_000, undefined);
  const baseline = (await target.visibleNotes?.(channelId)) ?? 0;
  const samples = await inPool(messages, size.inFlight, async (ts) => (await ws.standIn.userReacts(ws.userId, channelId, ts, 'pushpin')).delivery?.status ?? 0);
  const seen = await waitForNotes(target, channelId, baseline + size.entries, { loadDone: Promise.resolve(), timeoutMs: 10 * 60_000, stallMs: 60_000 });
  await within(target.settle(), 5 * 60_000, undefined);
  const setup = { seconds: (performance.now() - setupStart) / 1000, entriesVisible: seen.seen - baseline, ack: summarize(samples) };

  log(`closing (timeout ${size.timeoutMs / 1000} s)`);
  const earlierFiles = new Set(ws.standIn.files.map((f) => f.id));
  const started = performance.now();
  const sent = await slashCommand(ws, target, channelId, 'close Bench over');
  const closeAckMs = performance.now() - started;
  let doneAt: number | undefined;
  for (;;) {
    const draft = ws.standIn.files.find((f) => !earlierFiles.has(f.id) && f.completed && f.channels.includes(channelId) && f.content.length > 0);
    if (draft) {
      doneAt = performance.now();
      break;
    }
    if (performance.now() - started > size.timeoutMs) break;
    await sleep(10);
  }
  const draft = ws.standIn.files.find((f) => !earlierFiles.has(f.id) && f.completed && f.channels.includes(channelId));
  const content = draft?.content.toString('utf8') ?? '';
  // A close that outlived the timeout may still be running: give it a bounded chance to finish before teardown.
  await within(target.settle(), 5 * 60_000, undefined);
  return {
    target: target.name,
    entries: size.entries,
    seconds: doneAt === undefined ? undefined : (doneAt - started) / 1000,
    closeAckMs,
    closeStatus: sent.status,
    draftKb: draft ? draft.content.length / 1024 : undefined,
    draftHasTimeline: content.includes(`close update ${size.entries - 1}:`),
    setup,
  };
}
