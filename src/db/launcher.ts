import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

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

const FERRETDB_VERSION = 'v1.24.2';
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const FERRET_SOURCE_DIR = path.join(PROJECT_ROOT, 'scripts', 'ferretdb');
const CACHE_DIR = path.join(PROJECT_ROOT, '.data', 'bin');

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

function findOnPath(command: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The cached binary's name carries a hash of its sources, so a change to them rebuilds it. */
export function ferretBinaryPath(): string {
  const hash = createHash('sha256');
  const sources = readdirSync(FERRET_SOURCE_DIR).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort();
  for (const file of sources) hash.update(file).update(readFileSync(path.join(FERRET_SOURCE_DIR, file)));
  return path.join(CACHE_DIR, `ferretdb-embedded-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

export function ensureFerretBinary(opts: {
  searchPath: string;
  log: (line: string) => void;
}): { ok: true; binary: string; built: boolean } | { ok: false; reason: string } {
  const binary = ferretBinaryPath();
  if (existsSync(binary)) return { ok: true, binary, built: false };
  const go = findOnPath('go', opts.searchPath);
  if (!go) return { ok: false, reason: 'Go is not installed, so the embedded FerretDB cannot be built' };

  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  opts.log(`database: building embedded FerretDB ${FERRETDB_VERSION} with ${go} (first run only, about a minute)`);
  const attempt = (extra: string[]) =>
    spawnSync(go, ['build', '-trimpath', ...extra, '-o', tmp, '.'], {
      cwd: FERRET_SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: '0' },
      encoding: 'utf8',
    });
  let result = attempt([]);
  // Newer Go linkers refuse FerretDB's go:linkname uses; this flag is the known workaround.
  if (result.status !== 0 && /linkname/.test(result.stderr)) result = attempt(['-ldflags=-checklinkname=0']);
  if (result.status !== 0) {
    return { ok: false, reason: `building FerretDB failed: ${lastLines(result.stderr || String(result.error), 5)}` };
  }
  renameSync(tmp, binary);
  return { ok: true, binary, built: true };
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}

async function startFerret(binary: string, dataDir: string): Promise<RunningDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(binary, ['-listen', '127.0.0.1:0', '-data', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const uri = await readReadyLine(child, /^listening (mongodb:\/\/\S+)/, 'FerretDB');
  return { uri, kind: 'ferretdb', description: `FerretDB at ${dataDir}`, stop: () => stopChild(child) };
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
