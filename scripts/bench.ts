// Write-path benchmark: how fast the bot takes reactions and commands and closes a large incident, beside
// bare Bolt apps on the same machine and database (F1 acks only, F2 stores each delivery once).
// Usage: npm run bench [-- --quick] [-- --only=events|commands|close|history[,…]] [-- --postgresql-url=postgres://…]
// history: the same work on a new incident on an empty database and beside a year of history (issue 9).
// Always on the embedded database (launchDatabase, temporary folder), HTTP mode with signatures checked,
// Slack played by the offline stand-in. Exits non-zero only when something crashed, never for a missed goal.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchDatabase, launchFerretOnPostgres } from '../src/db/launcher';
import { runClose, type CloseSize } from './bench/close';
import { runCommands, type CommandsSize } from './bench/commands';
import { SETTLE_MS, runEvents, type EventsSize } from './bench/events';
import { startFloor } from './bench/floors';
import { within } from './bench/load';
import { historyTable, runHistoryScenario, type HistoryReport, type HistoryScenarioSize } from './bench/history';
import { describeMachine, gcMethod, loadNow } from './bench/machine';
import { YEAR } from './bench/seedHistory';
import { closeTable, commandsTable, eventsTable, goalsTable, type Results } from './bench/report';
import { BOT_TOKEN, SIGNING_SECRET, STAND_IN_DESCRIPTION, startWorkspace, type Workspace } from './bench/slack';
import type { Target, TargetEnv, TargetName } from './bench/target';
import { WARM_UP, warmUp } from './bench/warmup';

const SCENARIOS = ['events', 'commands', 'close', 'history'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Sizes {
  events: EventsSize;
  commands: CommandsSize;
  close: CloseSize;
  history: HistoryScenarioSize;
}

const FULL: Sizes = {
  events: { events: 400, bursts: 2, inFlight: 16 },
  commands: { commands: 200, perSecond: 20 },
  close: { entries: 1000, inFlight: 16, timeoutMs: 120_000 },
  history: { history: YEAR, burst: 400, notes: 200, closeEntries: 1000, lists: 40, homes: 40, rounds: 2 },
};
const QUICK: Sizes = {
  events: { events: 100, bursts: 2, inFlight: 16 },
  commands: { commands: 50, perSecond: 20 },
  close: { entries: 200, inFlight: 16, timeoutMs: 120_000 },
  history: { history: { incidents: 50, entries: 200, messages: 200, actions: 4 }, burst: 100, notes: 50, closeEntries: 200, lists: 10, homes: 10, rounds: 2 },
};
// A last resort so the run always ends: the slow bot of today needs well under half of this at full size.
const WATCHDOG_MS = 90 * 60_000;

const TARGETS: Record<Scenario, TargetName[]> = {
  events: ['F1', 'F2', 'bot'],
  commands: ['F1', 'F2', 'bot'],
  // Closing is the bot's own work; a floor has nothing to close.
  close: ['bot'],
  // Runs on a database server of its own (see runHistoryScenario).
  history: [],
};

const startedAt = Date.now();
const progress = (line: string) => process.stderr.write(`[bench +${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${line}\n`);

function options(): { sizes: Sizes; quick: boolean; scenarios: Scenario[]; postgresqlUrl?: string } {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, 'postgresql-url': { type: 'string' } } });
  const wanted = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...SCENARIOS];
  const unknown = wanted.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`--only takes ${SCENARIOS.join('|')} (comma-separated), not ${unknown.join(', ')}`);
  return {
    sizes: values.quick ? QUICK : FULL,
    quick: values.quick ?? false,
    scenarios: SCENARIOS.filter((s) => wanted.includes(s)),
    ...(values['postgresql-url'] ? { postgresqlUrl: values['postgresql-url'] } : {}),
  };
}

async function startTarget(name: TargetName, env: TargetEnv): Promise<Target> {
  if (name !== 'bot') return startFloor(name, env);
  // Loaded only here, so a bot that does not build (src/ mid-rewrite) fails its own rows, not the floors'.
  const { startBot } = await import('./bench/bot.js');
  return startBot(env);
}

async function startHistoryBot(dbUri: string, dbName: string): Promise<{ ws: Workspace; target: Target }> {
  const ws = await startWorkspace();
  try {
    const { startBot } = await import('./bench/bot.js');
    const target = await startBot({ dbUri, dbName, apiUrl: ws.standIn.apiUrl, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    ws.standIn.appUrl = target.url;
    return { ws, target };
  } catch (err) {
    await ws.standIn.stop();
    throw err;
  }
}

async function runOne(scenario: Scenario, name: TargetName, dbUri: string, sizes: Sizes, results: Results): Promise<void> {
  const log = (line: string) => progress(`${scenario}/${name}: ${line}`);
  let ws: Workspace | undefined;
  let target: Target | undefined;
  try {
    ws = await startWorkspace();
    target = await startTarget(name, {
      dbUri,
      dbName: `bench_${process.pid}_${scenario}_${name}`,
      apiUrl: ws.standIn.apiUrl,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
    });
    ws.standIn.appUrl = target.url;
    if (scenario === 'events') results.events.push(await runEvents(ws, target, sizes.events, log));
    if (scenario === 'commands') results.commands.push(await runCommands(ws, target, sizes.commands, log));
    if (scenario === 'close') results.close.push(await runClose(ws, target, sizes.close, log));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`FAILED: ${message}`);
    results.failures.push({ scenario, target: name, message });
  } finally {
    if (target && !(await within(target.stop().then(() => true), 60_000, false))) log('did not stop within 60 s');
    await ws?.standIn.stop();
  }
}

async function main(): Promise<number> {
  const { sizes, quick, scenarios, postgresqlUrl } = options();
  setTimeout(() => {
    progress(`gave up after ${WATCHDOG_MS / 60_000} min`);
    process.exit(1);
  }, WATCHDOG_MS).unref();

  const loadAtStart = loadNow(true);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-write-'));
  const database = await launchDatabase({ dataDir, log: progress });
  const results: Results = { events: [], commands: [], close: [], failures: [] };
  try {
    progress(`warm-up: ${WARM_UP.events} events and ${WARM_UP.commands} commands through a throwaway F2 (not reported)`);
    await warmUp(database.uri, `bench_${process.pid}_warmup`);
    for (const scenario of scenarios) {
      for (const name of TARGETS[scenario]) await runOne(scenario, name, database.uri, sizes, results);
    }
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  let history: HistoryReport | undefined;
  if (scenarios.includes('history')) {
    const log = (line: string) => progress(`history: ${line}`);
    try {
      // --postgresql-url: the history scenario on FerretDB's PostgreSQL backend instead of the default.
      const launch = postgresqlUrl ? () => launchFerretOnPostgres(postgresqlUrl, log) : undefined;
      history = await runHistoryScenario(sizes.history, sizes.history.history, (uri, dbName) => startHistoryBot(uri, dbName), log, launch);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`FAILED: ${message}`);
      results.failures.push({ scenario: 'history', target: 'bot', message });
    }
  }

  const e = sizes.events;
  const c = sizes.commands;
  const out: string[] = [
    `Write-path benchmark${quick ? ' (--quick)' : ''}, ${new Date().toISOString()}`,
    `machine: ${describeMachine()}`,
    `load average (1 min): ${loadAtStart} at the start, ${loadNow(false)} at the end (with the benchmark's own load)`,
    `database: ${database.kind} (${database.description}); HTTP mode, signatures checked; Slack: ${STAND_IN_DESCRIPTION}; gc before RSS: ${gcMethod}`,
    'all targets run in this process, one after another, each on a fresh stand-in and a fresh database name;',
    `before them, ${WARM_UP.events} events and ${WARM_UP.commands} commands through a throwaway F2 warm up Bolt, HTTP, the driver and the stand-in (not reported)`,
  ];
  if (results.events.length > 0) {
    out.push(
      '',
      `1. Events: ${e.bursts} bursts of ${e.events} reaction_added (pushpin) on distinct messages of one incident channel, ${e.inFlight} in flight.`,
      '   visible/s: entries per second from the first send until a fresh timeline read saw them all (F2: = acked/s, it stores before acking).',
      `   chat.update: calls during the burst / until settled, ${SETTLE_MS / 1000} s after the bot's own work. RSS: whole process after gc, after settling.`,
      eventsTable(results.events),
    );
  }
  if (results.commands.length > 0) {
    out.push('', `2. Commands: ${c.commands} × /incident note at ${c.perSecond}/s (${(c.commands / c.perSecond).toFixed(1)} s) in the incident channel.`, commandsTable(results.commands));
  }
  if (results.close.length > 0) {
    out.push(
      '',
      `3. Close: /incident close of an incident with ${sizes.close.entries} timeline entries and ${sizes.close.entries} messages (built through the event path, not timed);`,
      '   timed from sending the command until the stand-in holds the completed postmortem file.',
      closeTable(results.close, sizes.close.timeoutMs),
    );
  }
  if (history) {
    const h = sizes.history.history;
    const seeded = history.runs.find((r) => r.label === 'year')?.seedSeconds;
    out.push(
      '',
      `4. History: the bot on a new incident (${sizes.history.burst} 📌 in one burst, ${sizes.history.notes} × /incident note at 20/s, close of ${sizes.history.closeEntries} entries,`,
      `   ${sizes.history.lists} × /incident list, ${sizes.history.homes} App Home opens) on an empty database and beside a year: ${h.incidents} closed incidents × ${h.entries} timeline entries, ${h.messages} messages,`,
      `   ${h.actions} actions and a draft (${h.incidents * h.entries} entries), written through the bot's repositories. Two bots run at once, one per database;`,
      `   each step runs on both back to back, ${sizes.history.rounds} rounds in alternating order; figures are means over the rounds.`,
      `   database: ${history.database}; first start ${history.firstStartMs.toFixed(0)} ms (empty folder), warm start ${history.warmStartMs.toFixed(0)} ms (on the year's files);`,
      `   seeding took ${seeded === undefined ? '-' : seeded.toFixed(0)} s; the year's files after the run: ${history.diskMiB.toFixed(0)} MiB on disk; database server RSS then: ${history.serverRssMiB === undefined ? '-' : history.serverRssMiB.toFixed(0)} MiB.`,
      historyTable(history),
    );
  }
  out.push('', goalsTable(results));
  if (results.failures.length > 0) {
    out.push('', 'FAILED runs:', ...results.failures.map((f) => `  ${f.scenario}/${f.target}: ${f.message}`));
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return results.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
