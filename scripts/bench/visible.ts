// When do a burst's entries show up for a reader? Polled, because no design tells the outside world.
import { performance } from 'node:perf_hooks';
import { sleep } from './load';
import type { Target } from './target';

export interface Visibility {
  /** performance.now() of the read that first saw every entry; undefined if it never did. */
  at: number | undefined;
  seen: number;
  reason?: 'timed out' | 'stalled';
}

/**
 * Waits until a fresh read sees `goal` notes. Until `loadDone` resolves it reads once a second, so the reads
 * barely compete with the load; then every 100 ms. Gives up after `timeoutMs`, or when nothing new showed up
 * for `stallMs` after the load ended (an entry that was refused will never come, Slack would have redelivered it).
 */
export async function waitForNotes(
  target: Target,
  channelId: string,
  goal: number,
  opts: { loadDone: Promise<unknown>; timeoutMs: number; stallMs: number },
): Promise<Visibility> {
  const read = target.visibleNotes?.bind(target);
  if (!read) return { at: undefined, seen: 0 };
  let loadOver = false;
  let loadOverAt = 0;
  void opts.loadDone.then(() => {
    loadOver = true;
    loadOverAt = performance.now();
  });
  const deadline = performance.now() + opts.timeoutMs;
  let seen = 0;
  let progressAt = performance.now();
  for (;;) {
    const at = performance.now();
    const count = await read(channelId).catch(() => seen);
    if (count >= goal) return { at, seen: count };
    if (count !== seen) {
      seen = count;
      progressAt = performance.now();
    }
    const now = performance.now();
    if (now > deadline) return { at: undefined, seen, reason: 'timed out' };
    if (loadOver && now - Math.max(progressAt, loadOverAt) > opts.stallMs) return { at: undefined, seen, reason: 'stalled' };
    await (loadOver ? sleep(100) : Promise.race([sleep(1000), opts.loadDone]));
  }
}
