import type { ServiceDeps } from './services/deps';
import { purgeOldClaims, sendReminders } from './services/reminders';

const EVERY_MINUTE = 60_000;
/** A timeline write takes milliseconds; one unfinished after ten minutes was cut off. */
const UNFINISHED_WRITE_AGE_MS = 10 * 60_000;

/**
 * Background duties on a timer: reminders, purging old delivery claims (FerretDB has no TTL
 * index), and finishing timeline writes a crash cut off.
 */
export async function runJobsOnce(deps: ServiceDeps): Promise<{ reminders: number; purged: number; repaired: number }> {
  const reminders = await sendReminders(deps);
  const purged = await purgeOldClaims(deps);
  const repaired = await deps.repos.timeline.repairPages(UNFINISHED_WRITE_AGE_MS);
  return { reminders, purged, repaired };
}

export function startJobs(deps: ServiceDeps, log: { error(...a: unknown[]): void }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow run is never overlapped by the next
    running = true;
    runJobsOnce(deps)
      .catch((err: unknown) => log.error('background jobs failed:', err))
      .finally(() => {
        running = false;
      });
  }, EVERY_MINUTE);
  timer.unref();
  return () => clearInterval(timer);
}
