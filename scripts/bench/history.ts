// Scenario 4: the same work on a new incident, on an empty database and on one holding a year of history.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectDatabase } from '../../src/db/connection';
import { launchDatabase, type RunningDatabase } from '../../src/db/launcher';
import { runClose, type CloseResult } from './close';
import { runCommands, type CommandsResult } from './commands';
import { runEvents, type BurstResult } from './events';
import { sleep, within } from './load';
import { incidentChannel, slashCommand, type Workspace } from './slack';
import { summarize, type LatencySummary, type Sample } from './stats';
import { seedHistory, type HistorySize } from './seedHistory';
import { table } from './report';
import type { Target } from './target';

/** One round of the work on one database. */
export interface Measured {
  burst: BurstResult | undefined;
  notes: CommandsResult;
  close: CloseResult;
  /** From sending `/incident list` until its answer reached the response_url. */
  list: LatencySummary;
  /** From a person opening App Home until their home was published (views.publish). */
  home: LatencySummary;
}

export interface HistoryRun {
  label: 'empty' | 'year';
  seedSeconds?: number;
  rounds: Measured[];
}

export interface HistoryScenarioSize {
  history: HistorySize;
  burst: number;
  notes: number;
  closeEntries: number;
  lists: number;
  /** App Home opens, each by a different person (a person's home is published at most every few seconds). */
  homes: number;
  /** Each step runs this many times on each database, alternating which goes first. */
  rounds: number;
}

interface RunningBot {
  label: HistoryRun['label'];
  ws: Workspace;
  target: Target;
  rounds: Array<Partial<Measured>>;
}

/**
 * Both bots run at once, and each step (burst, notes, close, lists) runs on one right after the other,
 * in alternating order over the rounds: the machine's load drifts, so the pairs compared are measured
 * seconds apart, and neither database always goes first.
 */
async function measurePaired(bots: [RunningBot, RunningBot], size: HistoryScenarioSize, log: (line: string) => void): Promise<void> {
  const each = async (r: number, step: (b: RunningBot, log: (line: string) => void, m: Partial<Measured>) => Promise<void>) => {
    for (const b of r % 2 === 0 ? bots : [bots[1], bots[0]]) {
      const m = (b.rounds[r] ??= {});
      await step(b, (line) => log(`${b.label}, round ${r + 1}: ${line}`), m);
    }
  };
  for (let r = 0; r < size.rounds; r++) {
    await each(r, async (b, l, m) => {
      m.burst = (await runEvents(b.ws, b.target, { events: size.burst, bursts: 1, inFlight: 16 }, l)).bursts[0];
    });
  }
  for (let r = 0; r < size.rounds; r++) {
    await each(r, async (b, l, m) => {
      m.notes = await runCommands(b.ws, b.target, { commands: size.notes, perSecond: 20 }, l);
    });
  }
  for (let r = 0; r < size.rounds; r++) {
    await each(r, async (b, l, m) => {
      m.close = await runClose(b.ws, b.target, { entries: size.closeEntries, inFlight: 16, timeoutMs: 120_000 }, l);
    });
  }
  for (let r = 0; r < size.rounds; r++) {
    await each(r, async (b, l, m) => {
      m.list = await timeLists(b.ws, b.target, size.lists, l);
    });
  }
  for (let r = 0; r < size.rounds; r++) {
    await each(r, async (b, l, m) => {
      m.home = await timeHomes(b.ws, b.target, size.homes, `r${r}`, l);
    });
  }
}

const complete = (m: Partial<Measured>): Measured => {
  if (!m.notes || !m.close || !m.list || !m.home) throw new Error('history: a round did not finish');
  return { burst: m.burst, notes: m.notes, close: m.close, list: m.list, home: m.home };
};

/**
 * One request after another, each timed from sending it until what it should show is there (or 30 s, counted as
 * failed): `send` makes request `i` and says how to tell it has shown and the HTTP status it got.
 */
async function timeOneByOne(count: number, send: (i: number) => Promise<{ status: number; shown(): boolean }>): Promise<LatencySummary> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = performance.now();
    const sent = await send(i);
    let status = sent.status;
    while (!sent.shown()) {
      if (performance.now() - sentAt > 30_000) {
        status = 0;
        break;
      }
      await sleep(2);
    }
    samples.push({ sentAt, doneAt: performance.now(), status });
  }
  return summarize(samples);
}

/** App Home opened by `count` people one after another (a person's home is coalesced), each until it was published. */
async function timeHomes(ws: Workspace, target: Target, count: number, round: string, log: (line: string) => void): Promise<LatencySummary> {
  // The figures are computed by a job every few minutes; both databases show them, as a team would see.
  await target.runJob?.('response-figures');
  log(`${count} × App Home opened, one at a time`);
  return timeOneByOne(count, async (i) => {
    const person = ws.standIn.addUser({ name: `home-${round}-${i}`, realName: `Home Reader ${i}` });
    const sent = await ws.standIn.userOpensHome(person.id);
    return { status: sent.delivery.status, shown: () => ws.standIn.homePublishes(person.id) > 0 };
  });
}

/** `/incident list` one at a time from an open incident's channel, each timed until its answer arrived. */
async function timeLists(ws: Workspace, target: Target, count: number, log: (line: string) => void): Promise<LatencySummary> {
  const channelId = await incidentChannel(ws, target, 'List');
  log(`${count} × /incident list, one at a time`);
  return timeOneByOne(count, async () => {
    const sent = await slashCommand(ws, target, channelId, 'list');
    return { status: sent.status, shown: () => ws.standIn.responses.some((r) => r.id === sent.responseId) };
  });
}

export interface HistoryReport {
  database: string;
  firstStartMs: number;
  warmStartMs: number;
  diskMiB: number;
  serverRssMiB: number | undefined;
  runs: HistoryRun[];
}

/** What the database reports it takes on disk for one database (dbStats: data and indexes). */
async function databaseMiB(uri: string, dbName: string): Promise<number> {
  const db = await connectDatabase(uri, { dbName });
  try {
    const stats = await db.connection.db?.command({ dbStats: 1, scale: 1 });
    return Number(stats?.totalSize ?? Number(stats?.storageSize ?? 0) + Number(stats?.indexSize ?? 0)) / 2 ** 20;
  } finally {
    await db.close();
  }
}

/** Resident memory of another process (Linux /proc), in MiB. */
export function processRssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The whole scenario, on a database server of its own: started fresh (first start), seeded with a year,
 * stopped and started again on those files (warm start), then the same work on an empty database and on
 * the year's, in that order, each with a fresh bot and stand-in.
 */
export async function runHistoryScenario(
  size: HistoryScenarioSize,
  seed: HistorySize,
  start: (dbUri: string, dbName: string) => Promise<{ ws: Workspace; target: Target }>,
  log: (line: string) => void,
  /** The database server; the embedded default unless given. */
  launch: (dataDir: string) => Promise<RunningDatabase> = (dataDir) => launchDatabase({ dataDir, log }),
): Promise<HistoryReport> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
  const yearDb = `bench_${process.pid}_history_year`;
  const emptyDb = `bench_${process.pid}_history_empty`;
  try {
    let t = performance.now();
    let database = await launch(dataDir);
    const firstStartMs = performance.now() - t;
    const bots: RunningBot[] = [];
    try {
      log(`seeding ${seed.incidents} closed incidents × ${seed.entries} entries, ${seed.messages} messages, ${seed.actions} actions, 1 draft`);
      const seedSeconds = (await seedHistory(database.uri, yearDb, seed, log)).seconds;
      await database.stop();
      t = performance.now();
      database = await launch(dataDir);
      const warmStartMs = performance.now() - t;
      const uri = database.uri;
      bots.push({ label: 'empty', ...(await start(uri, emptyDb)), rounds: [] });
      bots.push({ label: 'year', ...(await start(uri, yearDb)), rounds: [] });
      await measurePaired([bots[0] as RunningBot, bots[1] as RunningBot], size, log);
      const diskMiB = await databaseMiB(uri, yearDb);
      const serverRssMiB = processRssMiB(database.pid);
      return {
        database: `${database.kind} (${database.description})`,
        firstStartMs,
        warmStartMs,
        diskMiB,
        serverRssMiB,
        runs: bots.map((b) => ({ label: b.label, ...(b.label === 'year' ? { seedSeconds } : {}), rounds: b.rounds.map(complete) })),
      };
    } finally {
      for (const b of bots) {
        if (!(await within(b.target.stop().then(() => true), 60_000, false))) log(`${b.label}: did not stop within 60 s`);
        await b.ws.standIn.stop();
      }
      await database.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fixed = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));

/**
 * Each figure on the empty database and with a year of history (means over the rounds), and how much slower the year is:
 * year ÷ empty for times, empty ÷ year for rates, so above 1 always means slower. The goal is ≤ 1.2.
 */
export function historyTable(report: HistoryReport): string {
  const [empty, year] = [report.runs.find((r) => r.label === 'empty'), report.runs.find((r) => r.label === 'year')];
  const rows: string[][] = [];
  /** The mean over the rounds. */
  const mean = (run: HistoryRun | undefined, pick: (m: Measured) => number | undefined) => {
    const xs = (run?.rounds ?? []).map(pick).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const add = (what: string, unit: string, pick: (m: Measured) => number | undefined, isRate = false, digits = 1) => {
    const a = mean(empty, pick);
    const b = mean(year, pick);
    const slower = a !== undefined && b !== undefined ? (isRate ? a / b : b / a) : undefined;
    const ok = slower !== undefined && Number.isFinite(slower) ? (slower <= 1.2 ? 'met' : 'MISSED') : '-';
    rows.push([what, `${fixed(a, digits)} ${unit}`, `${fixed(b, digits)} ${unit}`, slower === undefined ? '-' : `${slower.toFixed(2)}×`, ok]);
  };
  add('events: ack p99', 'ms', (r) => r.burst?.ack.p99, false, 0);
  add('events: acked/s', '/s', (r) => r.burst?.ackRate, true);
  add('events: visible/s', '/s', (r) => r.burst?.visibleRate, true);
  add('/incident note at 20/s: ack p50', 'ms', (r) => r.notes.ack.p50);
  add('/incident note at 20/s: ack p99', 'ms', (r) => r.notes.ack.p99);
  add(`close of ${empty?.rounds[0]?.close.entries ?? '?'} entries`, 's', (r) => r.close.seconds, false, 2);
  add('/incident list answered: p50', 'ms', (r) => r.list.p50);
  add('/incident list answered: p99', 'ms', (r) => r.list.p99);
  add('App Home published: p50', 'ms', (r) => r.home.p50);
  add('App Home published: p99', 'ms', (r) => r.home.p99);
  return table(['figure', 'empty', 'one year', 'slower', '≤ 1.2×'], rows, 1);
}
