import type { ListenerDeps } from '../deps';

/**
 * Handles an Events API delivery once across retries and replicas: the
 * event_id is claimed in the database first. If handling then fails the claim
 * is given back and the error rethrown, so Bolt answers 500 and Slack's
 * redelivery gets a fresh try. Adding and removing a reaction are not
 * idempotent on their own (a late duplicate "added" would undo a removal),
 * which is why the claim, not only the entry keys, guards them.
 */
export async function once(deps: ListenerDeps, body: unknown, handle: () => Promise<unknown>): Promise<void> {
  const eventId = body && typeof body === 'object' && 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
  if (!eventId) {
    await handle();
    return;
  }
  const claims = deps.services.repos.claims;
  if (!(await claims.claim(`evt:${eventId}`, deps.services.now()))) return;
  try {
    await handle();
  } catch (err) {
    await claims.release(`evt:${eventId}`).catch(() => undefined);
    throw err;
  }
}
