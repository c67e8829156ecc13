// Polling helper for asynchronous effects (Bolt acks before listeners finish, so tests must wait
// for the stand-in to observe the result rather than for the HTTP response).

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  message?: string;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with fn's first value that is neither undefined nor false; rejects after the timeout. */
export async function waitUntil<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  opts: WaitOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const intervalMs = opts.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      // A throwing probe (e.g. an expect()) counts as "not yet"; its message explains a timeout.
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const base = opts.message ?? `waitUntil: condition not met within ${timeoutMs} ms`;
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(base + detail);
    }
    await sleep(intervalMs);
  }
}
