import type { Connection } from 'mongoose';

/** A clock shared by every replica: the machine's own, corrected by how far it is from the database's. */
export interface DatabaseClock {
  now(): Date;
  /** Measures again (the machine's clock may be stepped while the bot runs): the machine's clock minus the database's, in ms. */
  measure(): Promise<number>;
}

/**
 * Leases and due times are compared by every replica, so they are kept in the
 * database's time. Asking the database for the time on every lease would add a
 * round trip to every write; instead the offset between the machine's clock and
 * the server's `localTime` (from `hello`) is measured at start and then every
 * few minutes, halving the round trip as NTP does. Replicas then agree within a
 * few milliseconds whatever their own clocks say.
 */
export function createDatabaseClock(connection: Connection, machineClock: () => Date): DatabaseClock {
  let skewMs = 0;
  const measureOnce = async (): Promise<{ skew: number; rtt: number }> => {
    const db = connection.db;
    if (!db) throw new Error('database clock: not connected');
    const sent = machineClock().getTime();
    const reply = await db.admin().command({ hello: 1 });
    const received = machineClock().getTime();
    const server = reply.localTime instanceof Date ? reply.localTime.getTime() : Number.NaN;
    if (!Number.isFinite(server)) throw new Error('database clock: the server reported no localTime');
    return { skew: Math.round((sent + received) / 2 - server), rtt: received - sent };
  };
  return {
    now: () => new Date(machineClock().getTime() - skewMs),
    async measure() {
      // The sample with the shortest round trip is the most precise.
      let best: { skew: number; rtt: number } | undefined;
      for (let i = 0; i < 3; i++) {
        const sample = await measureOnce();
        if (!best || sample.rtt < best.rtt) best = sample;
      }
      skewMs = best?.skew ?? 0;
      return skewMs;
    },
  };
}

/** Says how far this machine's clock is from the database's: a warning past what is tolerated. */
export function describeSkew(skewMs: number, toleratedMs: number): { level: 'info' | 'warn'; line: string } {
  const words = `this machine's clock is ${Math.abs(skewMs)} ms ${skewMs >= 0 ? 'ahead of' : 'behind'} the database's`;
  return Math.abs(skewMs) > toleratedMs
    ? { level: 'warn', line: `clock: ${words} (more than ${toleratedMs} ms): the bot keeps time by the database, but fix this machine's clock (NTP)` }
    : { level: 'info', line: `clock: ${words}; the bot keeps time by the database` };
}
