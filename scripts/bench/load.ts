// Load shapes: a fixed pool of requests in flight (events) and a steady open-loop rate (commands).
import { performance } from 'node:perf_hooks';
import type { Sample } from './stats';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `send` for each item with at most `inFlight` running; a thrown send is a sample with status 0. */
export async function inPool<T>(items: T[], inFlight: number, send: (item: T, index: number) => Promise<number>): Promise<Sample[]> {
  const samples: Sample[] = new Array<Sample>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      samples[index] = await timed(() => send(items[index] as T, index));
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
  return samples;
}

/**
 * Starts request i at start + i/perSecond whether or not earlier ones have answered: a slow bot must not
 * slow the load down, or its latency would hide inside a lower rate.
 */
export async function atRate(count: number, perSecond: number, send: (index: number) => Promise<number>): Promise<Sample[]> {
  const start = performance.now();
  const running: Array<Promise<Sample>> = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(timed(() => send(i)));
  }
  return Promise.all(running);
}

async function timed(send: () => Promise<number>): Promise<Sample> {
  const sentAt = performance.now();
  // A request that got no answer at all (refused, reset) counts as a failure, status 0.
  const status = await send().catch(() => 0);
  return { sentAt, doneAt: performance.now(), status };
}

/** Resolves to the value, or to `fallback` after `ms`, so a hung step cannot keep the benchmark alive. */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
