import type { Inbox } from '../db/inbox';
import type { Applier } from './applier';
import type { InboxPayload } from './payloads';

/** Long enough for any apply; a crashed replica's items wait this long before the sweeper takes them. */
export const LEASE_MS = 30_000;
/** Slack gives up on an answer after 3 s: a store slower than this is reported as failed. */
const STORE_TIMEOUT_MS = 2_000;

export type Received = 'stored' | 'duplicate';

/**
 * The ack path: one insert into the inbox, keyed by Slack's id for the request,
 * then the item goes to this process's applier. Throws when it could not be
 * stored, so the listener can tell Slack (500: retry) or the person ("not recorded").
 */
export function createReceiver(deps: {
  inbox: Inbox;
  applier: Applier;
  /** The incident clock: when the request happened, as recorded. */
  now(): Date;
  /** The machine's clock, for leases shared with other replicas. */
  clock(): Date;
  owner: string;
}) {
  return async (id: string, payload: InboxPayload): Promise<Received> => {
    const at = deps.now();
    const leaseUntil = new Date(deps.clock().getTime() + LEASE_MS);
    const store = deps.inbox.store({ id, payload }, at, leaseUntil, deps.owner, STORE_TIMEOUT_MS);
    // The driver's own timeout does not bound every wait (server selection while the database is down),
    // and Slack gives up after 3 s: past the limit the sender hears "not stored". If a command's write
    // lands after all, it is marked failed, so what its caller was told stays true (it is never applied);
    // a late event is kept: Slack's redelivery finds it stored, and the sweeper applies it.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inbox: ${id} not stored within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
    });
    let stored: boolean;
    try {
      stored = await Promise.race([store, late]);
    } catch (err) {
      if (payload.type !== 'channel_event') {
        store.then((landed) => (landed ? deps.inbox.fail(id, 'stored too late: the caller was told it was not') : undefined)).catch(() => undefined);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (!stored) return 'duplicate';
    deps.applier.submit({ id, payload, receivedAt: at, attempts: 1 });
    return 'stored';
  };
}
export type Receive = ReturnType<typeof createReceiver>;
