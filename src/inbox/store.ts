import type { InboxPayload } from './payloads';

/**
 * What the inbox needs from a database (src/db/inbox.ts implements it): the items Slack's requests
 * became, and leases on them. Every take of an item gets a new lease token, and every later write
 * about the item is fenced by it.
 */

/** An item as its applier holds it: `lease` is the token of this hold, so its writes can be fenced. */
export interface InboxItem<P = unknown> {
  id: string;
  payload: P;
  receivedAt: Date;
  /** Receipt order (database time, µs-spaced): later-received changes to one field win. */
  order: number;
  attempts: number;
  lease: string;
}

/** One take of an item: who holds it, under which token, until when. */
export interface Lease {
  token: string;
  owner: string;
  until: Date;
}

export type Held = Pick<InboxItem, 'id' | 'lease'>;

export interface InboxStore {
  /** The write on the ack path; false when the id is stored already (a redelivery). */
  store(item: { id: string; payload: unknown; order: number }, at: Date, lease: Lease, timeoutMs: number): Promise<boolean>;
  /** A refused (or not yet refused) item sent again, taken over to be applied; null when it was applied already. */
  resubmit(id: string, lease: Lease): Promise<InboxItem | null>;
  /** Extends the leases of items still held; returns the ids that are. */
  renew(items: readonly Held[], until: Date): Promise<Set<string>>;
  markDone(items: readonly Held[], at: Date): Promise<void>;
  /** Items of a closed incident: kept, and applied when it is reopened. */
  hold(items: readonly Held[], incidentId: string, at: Date): Promise<void>;
  /** Gives an item back after a failure; the sweeper tries it again from `retryAt`. */
  release(item: Held, retryAt: Date, error: string): Promise<void>;
  fail(item: Held, error: string, at: Date): Promise<void>;
  /** Its sender was told "not recorded"; false when it is no longer held under this lease. */
  refuse(item: Held, at: Date): Promise<boolean>;
  /** Items whose lease ran out, each taken by one replica only. */
  claimExpired(now: Date, lease: Lease, limit: number): Promise<InboxItem[]>;
  /** Puts a reopened incident's held items back in line. */
  releaseHeld(incidentId: string, now: Date): Promise<number>;
  purge(limits: { doneBefore: Date; failedBefore: Date; heldBefore: Date }): Promise<number>;
  /** How much waits to be applied, and since when (for /metrics): cheap, index-backed reads. */
  depth(now: Date): Promise<{ pending: number; oldestPendingAt?: Date }>;
}

/** Who takes inbox items, and how long a take lasts: one per replica. */
export interface Leases {
  owner: string;
  leaseMs: number;
  /** The database's time (see db/databaseClock.ts): the clock every replica's leases are compared by. */
  clock(): Date;
  /** A token for one take of an item, never used again. */
  token(): string;
}

export const leaseFor = (leases: Leases): Lease => ({ token: leases.token(), owner: leases.owner, until: new Date(leases.clock().getTime() + leases.leaseMs) });

/** Told what became of applied items (the metrics). */
export interface ApplierObserver {
  applied(type: InboxPayload['type'], count: number): void;
  /** An apply failed: tried again later, or given up. */
  failed(type: InboxPayload['type'], givenUp: boolean, count: number): void;
}

/** Where stored items go to be applied. */
export interface ItemSink {
  /** An item this process just stored, its payload as built on the ack path. */
  submit(item: InboxItem<InboxPayload>): void;
  /** An item read back from the database (a sweeper's claim, a resubmission): its payload is checked first. */
  submitStored(item: InboxItem): void;
}
