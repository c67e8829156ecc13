import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureFerretBinary, FERRETDB_VERSION, findOnPath } from './ferretBuild';

export { PROJECT_ROOT } from './ferretBuild';

/**
 * Finds a MongoDB-wire database for the bot and its tests, in this order:
 * MONGODB_URI; a `mongod` on PATH; FerretDB embedded from Go (built on first
 * use and cached); mongodb-memory-server (which downloads mongod, so it only
 * works with internet access).
 */

export type DatabaseKind = 'uri' | 'mongod' | 'ferretdb' | 'mongodb-memory-server';

export interface RunningDatabase {
  uri: string;
  kind: DatabaseKind;
  /** What a person should read in the log about where data lives. */
  description: string;
  /** The database's own process, when this process started one. */
  pid?: number;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  mongodbUri?: string;
  /** Where an embedded database keeps its files. */
  dataDir: string;
  log: (line: string) => void;
  /** PATH to search for mongod and go; defaults to process.env.PATH. */
  searchPath?: string;
}

export class NoDatabaseError extends Error {
  readonly code = 'NO_DATABASE';
}

export async function launchDatabase(opts: LaunchOptions): Promise<RunningDatabase> {
  if (opts.mongodbUri) {
    opts.log('database: using MONGODB_URI');
    return { uri: opts.mongodbUri, kind: 'uri', description: 'MONGODB_URI', stop: async () => {} };
  }
  const searchPath = opts.searchPath ?? process.env.PATH ?? '';
  const failures: string[] = [];

  const mongod = findOnPath('mongod', searchPath);
  if (mongod) {
    opts.log(`database: starting mongod from PATH (${mongod}), data in ${path.join(opts.dataDir, 'mongod')}`);
    return startMongod(mongod, path.join(opts.dataDir, 'mongod'));
  }
  failures.push('no mongod on PATH');

  const ferret = ensureFerretBinary({ searchPath, log: opts.log });
  if (ferret.ok) {
    const dir = path.join(opts.dataDir, 'ferretdb');
    opts.log(`database: embedded FerretDB ${FERRETDB_VERSION} (SQLite), data in ${dir}`);
    return startFerret(ferret.binary, dir);
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

async function startFerret(binary: string, dataDir: string): Promise<RunningDatabase> {
  mkdirSync(dataDir, { recursive: true });
  return spawnFerret(binary, ['-data', dataDir], `FerretDB at ${dataDir}`);
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
  const child = spawn(binary, ['-listen', '127.0.0.1:0', ...backend], { stdio: ['pipe', 'pipe', 'pipe'] });
  const uri = await readReadyLine(child, /^listening (mongodb:\/\/\S+)/, 'FerretDB');
  return { uri, kind: 'ferretdb', description, ...(child.pid ? { pid: child.pid } : {}), stop: () => stopChild(child) };
}

async function startMongod(binary: string, dataDir: string): Promise<RunningDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(binary, ['--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  await readReadyLine(child, /Waiting for connections/, 'mongod');
  return { uri: `mongodb://127.0.0.1:${port}/`, kind: 'mongod', description: `mongod at ${dataDir}`, stop: () => stopChild(child) };
}

async function startMemoryServer(dataDir: string): Promise<RunningDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { dbPath: dataDir, storageEngine: 'wiredTiger' } });
  return {
    uri: server.getUri(),
    kind: 'mongodb-memory-server',
    description: `mongodb-memory-server at ${dataDir}`,
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}

function readReadyLine(child: ChildProcess, pattern: RegExp, name: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const stderr: string[] = [];
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}${stderr.length ? `: ${stderr.slice(-5).join(' | ')}` : ''}`));
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`${name} exited with code ${code}`)));
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const match = pattern.exec(line);
        if (!match) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(match[1] ?? line);
      });
    }
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
