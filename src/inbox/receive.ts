import { backOff } from 'exponential-backoff';
import type { InboxPayload } from './payloads';
import { leaseFor, type InboxStore, type ItemSink, type Leases } from './store';

/**
 * The inbox's first half, the ack path: one insert keyed by Slack's id for
 * the request. The applier (applier.ts) then applies what was stored, at once
 * in this process, or later by the sweeper when an apply was interrupted.
 */

/** How long a take of an item lasts unless renewed; its holder renews it every third of that while it works. */
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
  inbox: InboxStore;
  applier: ItemSink;
  /** The incident clock: when the request happened, as recorded. */
  incidentClock(): Date;
  leases: Leases;
  log: { error(...a: unknown[]): void };
}) {
  let sequence = 0;
  return async (id: string, payload: InboxPayload): Promise<Received> => {
    const at = deps.incidentClock();
    // Receipt order in the database's time, µs apart within this process: later-received changes win.
    const order = deps.leases.clock().getTime() * 1000 + (sequence++ % 1000);
    const lease = leaseFor(deps.leases);
    const store = deps.inbox.store({ id, payload, order }, at, lease, STORE_TIMEOUT_MS);
    // The driver's own timeout does not bound every wait (server selection while the database is down),
    // and Slack gives up after 3 s: past the limit the sender hears "not stored". A late event is kept:
    // Slack's redelivery finds it stored, and the sweeper applies it. A late command is refused.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`inbox: ${id} not stored within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS);
    });
    let stored: boolean;
    try {
      stored = await Promise.race([store, late]);
    } catch (err) {
      if (payload.type !== 'channel_event') {
        const refuse = () => deps.inbox.refuse({ id, lease: lease.token }, deps.leases.clock());
        void refuseIfLanded(store, refuse, lease.until, deps.leases.clock).catch((e: unknown) =>
          deps.log.error(`inbox: ${id} was stored after its caller heard "not recorded", and could not be marked refused:`, e),
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (stored) {
      deps.applier.submit({ id, payload, receivedAt: at, order, attempts: 1, lease: lease.token });
      return 'stored';
    }
    // Slack never resends a command or a form by itself: the same id again is a person trying again
    // after "not recorded". What was refused is taken back and applied; what was applied stays done.
    if (payload.type === 'channel_event') return 'duplicate';
    const again = await deps.inbox.resubmit(id, leaseFor(deps.leases));
    if (!again) return 'duplicate';
    deps.applier.submitStored(again);
    return 'stored';
  };
}
export type Receive = ReturnType<typeof createReceiver>;

/**
 * A command whose caller heard "not recorded" must never be applied. If its
 * write lands after all, it is marked refused, retried (the database may still
 * be struggling) until its lease runs out: past that another replica's sweeper
 * could take it, and nothing here can stop that any more. A resubmission takes
 * the item over with a lease of its own, so this refusal then changes nothing.
 */
async function refuseIfLanded(store: Promise<boolean>, refuse: () => Promise<boolean>, leaseUntil: Date, clock: () => Date): Promise<void> {
  if (!(await store.catch(() => false))) return;
  await backOff(refuse, {
    startingDelay: 100,
    maxDelay: 5_000,
    numOfAttempts: 50,
    jitter: 'full',
    retry: () => clock() < leaseUntil,
  });
}

