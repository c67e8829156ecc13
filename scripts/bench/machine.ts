// The machine the figures come from, and a garbage collection before each memory reading.
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus.length} cores (${model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.arch()}; node ${process.version}`;
}

/**
 * global.gc when node runs with --expose-gc; otherwise the flag is set at run time and a fresh context hands
 * out gc, which keeps `npm run bench` a plain `tsx` call on every shell.
 */
function findGc(): { gc: (() => void) | undefined; how: string } {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return { gc: existing, how: '--expose-gc' };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return { gc: gc as () => void, how: 'v8 flag set at run time' };
  } catch {
    // Fall through: RSS is then read without a collection first.
  }
  return { gc: undefined, how: 'unavailable (RSS read without a collection)' };
}

/**
 * The 1-minute load average beside the core count. Read before the run it says whether other processes were
 * competing (figures are only comparable between runs on an otherwise idle machine); read after, it includes
 * the benchmark's own load, so it is shown without a verdict.
 */
export function loadNow(judge: boolean): string {
  const one = os.loadavg()[0] ?? 0;
  const cores = os.cpus().length;
  const busy = judge && one > cores * 0.5 ? ' (busy: other processes were competing for the CPU)' : '';
  return `${one.toFixed(1)} on ${cores} cores${busy}`;
}

const found = findGc();
export const gcMethod = found.how;

/** Resident set size in MiB after a full collection (when one can be forced). */
export function rssAfterGc(): number {
  found.gc?.();
  return process.memoryUsage().rss / 2 ** 20;
}
