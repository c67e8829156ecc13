// Latency and rate figures, independent of what produced the samples.

export interface Sample {
  /** performance.now() when the request left, and when its answer was complete. */
  sentAt: number;
  doneAt: number;
  /** HTTP status, or 0 when the request failed without an answer. */
  status: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non200: number;
}

/** Nearest-rank percentile: the value at or below which p of the samples fall. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samples: Sample[]): LatencySummary {
  const sorted = samples.map((s) => s.doneAt - s.sentAt).sort((a, b) => a - b);
  return {
    count: samples.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    non200: samples.filter((s) => s.status !== 200).length,
  };
}

/** Answers per second from the first send to the last answer. */
export function ackRate(samples: Sample[]): number {
  if (samples.length === 0) return Number.NaN;
  const first = Math.min(...samples.map((s) => s.sentAt));
  const last = Math.max(...samples.map((s) => s.doneAt));
  return samples.length / Math.max((last - first) / 1000, 1e-9);
}
