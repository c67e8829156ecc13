import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureFerretBinary, FERRETDB_VERSION, findOnPath, PROJECT_ROOT } from './ferretBuild';

export { PROJECT_ROOT };

/**
 * Finds a MongoDB-wire database for the bot and its tests, in this order:
 * MONGODB_URI; a `mongod` on PATH; FerretDB embedded from Go (built on first
 * use and cached); mongodb-memory-server (which downloads mongod, so it only
 * works with internet access).
 */

export type DatabaseKind = 'uri' | 'mongod' | 'ferretdb' | 'mongodb-memory-server';

/** Lines of a database process's output kept (the latest), for the message when it fails to start or stops. */
export const OUTPUT_LINES_KEPT = 10;
/** Ports a mongod from PATH is started on, each picked free, before giving up when each is taken meanwhile. */
export const MONGOD_PORT_ATTEMPTS = 5;
/** How long a database stopped on purpose may take to shut down cleanly before it is killed. */
const STOP_GRACE_MS = 10_000;

/** How a database process this process started came to an end. */
export interface DatabaseExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last lines of output (at most OUTPUT_LINES_KEPT). */
  lastLines: string[];
}

export interface RunningDatabase {
  uri: string;
  kind: DatabaseKind;
  /** What a person should read in the log about where data lives. */
  description: string;
  /** The process this one started for the database (for a mongod from PATH: the watchdog that runs it). */
  pid?: number;
  /** Resolves if that process ends on its own: never after stop(), never for MONGODB_URI. */
  exited: Promise<DatabaseExit>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  mongodbUri?: string;
  /** Where an embedded database keeps its files (made 0700, so only this user can read them). */
  dataDir: string;
  log: (line: string) => void;
  /** PATH to search for mongod and go; defaults to process.env.PATH. */
  searchPath?: string;
}

/** Where an embedded database keeps its files: DATA_DIR if given, else `.data/` in the project. */
export const dataDirFor = (configured: string | undefined): string => path.resolve(configured?.trim() || path.join(PROJECT_ROOT, '.data'));

export class NoDatabaseError extends Error {
  readonly code = 'NO_DATABASE';
}

/** A database process that did not get ready; `exit` when it ended by itself. */
class DatabaseStartError extends Error {
  constructor(
    message: string,
    readonly exit?: DatabaseExit,
  ) {
    super(exit?.lastLines.length ? `${message}: ${exit.lastLines.join(' | ')}` : message);
  }
}

const never = new Promise<never>(() => undefined);

export async function launchDatabase(opts: LaunchOptions): Promise<RunningDatabase> {
  if (opts.mongodbUri) {
    opts.log('database: using MONGODB_URI');
    return { uri: opts.mongodbUri, kind: 'uri', description: 'MONGODB_URI', exited: never, stop: async () => {} };
  }
  const searchPath = opts.searchPath ?? process.env.PATH ?? '';
  const failures: string[] = [];
  privateDir(opts.dataDir);

  const mongod = findOnPath('mongod', searchPath);
  if (mongod) {
    opts.log(`database: starting mongod from PATH (${mongod}), data in ${path.join(opts.dataDir, 'mongod')}`);
    return startMongod(mongod, path.join(opts.dataDir, 'mongod'), opts.log);
  }
  failures.push('no mongod on PATH');

  const ferret = ensureFerretBinary({ searchPath, log: opts.log });
  if (ferret.ok) {
    const dir = path.join(opts.dataDir, 'ferretdb');
    privateDir(dir);
    const running = await spawnFerret(ferret.binary, ['-data', dir], `FerretDB at ${dir}`);
    opts.log(`database: embedded FerretDB ${FERRETDB_VERSION} (SQLite), data in ${dir}, pid ${running.pid}`);
    return running;
  }
  failures.push(ferret.reason);

  try {
    const memory = await startMemoryServer(path.join(opts.dataDir, 'mongodb-memory-server'));
    opts.log(`database: mongodb-memory-server, data in ${opts.dataDir}`);
    return memory;
  } catch (err) {
    failures.push(`mongodb-memory-server failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  throw new NoDatabaseError(
    `No database available: ${failures.join('; ')}. Set MONGODB_URI to a MongoDB ≥ 6 or FerretDB, ` +
      'put mongod on PATH, or install Go ≥ 1.24 so the embedded FerretDB can be built (npm run db:build).',
  );
}

/** A folder only this user may enter (created so, tightened if it exists): the database's files are people's words. */
function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * The embedded FerretDB build on its PostgreSQL backend, on a PostgreSQL server the caller runs: the
 * alternative the history benchmark compares the default with (npm run bench -- --postgresql-url=…).
 */
export async function launchFerretOnPostgres(postgresqlUrl: string, log: (line: string) => void): Promise<RunningDatabase> {
  const ferret = ensureFerretBinary({ searchPath: process.env.PATH ?? '', log });
  if (!ferret.ok) throw new NoDatabaseError(ferret.reason);
  const where = new URL(postgresqlUrl);
  const running = await spawnFerret(ferret.binary, ['-postgresql-url', postgresqlUrl], `FerretDB on PostgreSQL at ${where.host}${where.pathname}`);
  log(`database: embedded FerretDB ${FERRETDB_VERSION} (PostgreSQL backend) on ${where.host}${where.pathname}`);
  return running;
}

async function spawnFerret(binary: string, backend: string[], description: string): Promise<RunningDatabase> {
  // The wrapper exits when its standard input closes (scripts/ferretdb/main.go), so it ends with this process.
  const db = runDatabaseProcess(binary, ['-listen', '127.0.0.1:0', ...backend], 'FerretDB', /^listening (mongodb:\/\/\S+)/);
  const uri = await db.ready;
  return { uri, kind: 'ferretdb', description, ...(db.pid ? { pid: db.pid } : {}), exited: db.exited, stop: db.stop };
}

/**
 * mongod does not watch its standard input, so a tiny Node.js watchdog runs it: it stops mongod when its own
 * standard input (a pipe from this process) closes, which happens however this process ends, SIGKILL
 * included; it passes SIGTERM on and exits with mongod's code. It also makes mongod's files 0600 (umask).
 * Kept as a string because it runs as `node -e`, the same whether this module runs compiled or under tsx.
 */
const MONGOD_WATCHDOG = `
const { spawn } = require('node:child_process');
process.umask(0o077);
const [command, ...args] = process.argv.slice(1);
const db = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  db.kill('SIGTERM');
  setTimeout(() => db.kill('SIGKILL'), ${STOP_GRACE_MS});
};
process.stdin.on('end', stop).on('error', stop).resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
db.on('error', (err) => { process.stderr.write(command + ': ' + err.message + '\\n'); process.exit(127); });
db.on('exit', (code, signal) => process.exit(code ?? 128 + (require('node:os').constants.signals[signal] ?? 0)));
`;

async function startMongod(binary: string, dataDir: string, log: (line: string) => void): Promise<RunningDatabase> {
  privateDir(dataDir);
  for (let attempt = 1; ; attempt++) {
    // Free when picked; another process may take it before mongod binds it, hence the retries.
    const port = await freePort();
    const db = runDatabaseProcess(
      process.execPath,
      ['-e', MONGOD_WATCHDOG, binary, '--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port)],
      'mongod',
      /Waiting for connections/,
    );
    try {
      await db.ready;
      log(`database: mongod listening on 127.0.0.1:${port}, run by a watchdog (pid ${db.pid}) that stops it with the bot`);
      return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'mongod', description: `mongod at ${dataDir}`, ...(db.pid ? { pid: db.pid } : {}), exited: db.exited, stop: db.stop };
    } catch (err) {
      if (attempt >= MONGOD_PORT_ATTEMPTS || !(err instanceof DatabaseStartError && err.exit && portTaken(err.exit))) throw err;
      log(`database: mongod's port ${port} was taken meanwhile, trying another`);
    }
  }
}

/** mongod exits with 48 when it cannot listen, and says why. */
function portTaken(exit: DatabaseExit): boolean {
  return exit.code === 48 || exit.lastLines.some((line) => /address already in use/i.test(line));
}

/** A TCP port free right now on 127.0.0.1 (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function startMemoryServer(dataDir: string): Promise<RunningDatabase> {
  privateDir(dataDir);
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { dbPath: dataDir, storageEngine: 'wiredTiger' } });
  let stopping = false;
  const mongod = server.instanceInfo?.instance.mongodProcess;
  const exited = new Promise<DatabaseExit>((resolve) => {
    mongod?.once('exit', (code, signal) => {
      if (!stopping) resolve({ code, signal, lastLines: [] });
    });
  });
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    description: `mongodb-memory-server at ${dataDir}`,
    ...(mongod?.pid ? { pid: mongod.pid } : {}),
    exited,
    stop: async () => {
      stopping = true;
      await server.stop({ doCleanup: false });
    },
  };
}

/** "exited with code 3", "was killed (SIGKILL)". */
export function describeExit(exit: Pick<DatabaseExit, 'code' | 'signal'>): string {
  return exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
}

/**
 * Starts a database process and watches it for its whole life: `ready` resolves with what its ready line
 * matched, `exited` if it ends on its own later. Only its last OUTPUT_LINES_KEPT lines of output are kept.
 */
function runDatabaseProcess(command: string, args: string[], name: string, readyLine: RegExp, timeoutMs = 30_000) {
  // A process group of its own: a terminal's Ctrl-C reaches only the bot, which drains its work and then stops
  // the database; and whatever the database leaves in its group (a watchdog's mongod) can be ended with it.
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const lastLines: string[] = [];
  const keep = (line: string) => {
    lastLines.push(line);
    if (lastLines.length > OUTPUT_LINES_KEPT) lastLines.shift();
  };
  let stopping = false;
  child.once('exit', () => killGroup(child, 'SIGKILL'));
  // After its output is read to the end, so the last lines are complete.
  const closed = new Promise<DatabaseExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, lastLines: [...lastLines] })));
  const ready = new Promise<string>((resolve, reject) => {
    let settled = false;
    const fail = (message: string, exit?: DatabaseExit) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(new DatabaseStartError(message, exit ?? { code: null, signal: null, lastLines: [...lastLines] }));
    };
    const timer = setTimeout(() => fail(`${name} did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`${name} could not be started (${err.message})`));
    void closed.then((exit) => fail(`${name} ${describeExit(exit)}`, exit));
    if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = settled ? null : readyLine.exec(line);
        if (!match) return keep(line);
        settled = true;
        clearTimeout(timer);
        resolve(match[1] ?? line);
      });
    }
  });
  return {
    pid: child.pid,
    ready,
    exited: closed.then((exit) => (stopping ? never : exit)),
    async stop(): Promise<void> {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await closed;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Gone already.
  }
}
