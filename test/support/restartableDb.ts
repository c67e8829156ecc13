// A database of a test's own that can be stopped and started again at the same address with the
// same data, like a MongoDB server restarted by its operator: the embedded FerretDB binary
// (src/db/ferretBuild.ts builds it), spawned here on a fixed port with a data directory kept between runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureFerretBinary } from '../../src/db/ferretBuild';
import { freePort } from './botProcess';

const START_TIMEOUT_MS = 30_000;

export class RestartableDb {
  private child: ChildProcess | undefined;
  private stderr: string[] = [];

  private constructor(
    private readonly binary: string,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  /** Finds (or builds, about a minute the first time) the FerretDB binary and picks a port; does not start it. */
  static async create(): Promise<RestartableDb> {
    const found = ensureFerretBinary({ searchPath: process.env.PATH ?? '', log: (line) => process.stderr.write(`${line}\n`) });
    if (!found.ok) throw new Error(`no FerretDB binary for the restartable test database: ${found.reason}`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'incident-bot-restartable-db-'));
    return new RestartableDb(found.binary, await freePort(), dataDir);
  }

  /** The server's address; a database name can be put in its path. */
  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get running(): boolean {
    const c = this.child;
    return c !== undefined && c.exitCode === null && c.signalCode === null;
  }

  /** Starts the server on its port with its data directory; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.running) throw new Error('the database is running already');
    this.stderr = [];
    // stdin stays a pipe: the binary exits when it closes, so it cannot outlive this process.
    const child = spawn(this.binary, ['-listen', `127.0.0.1:${this.port}`, '-data', this.dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => this.stderr.push(line));
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`FerretDB on port ${this.port} ${why}: ${this.stderr.slice(-5).join(' | ')}`));
      };
      const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      child.once('error', (err) => fail(`could not be started (${err.message})`));
      child.once('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
      if (!child.stdout) return fail('has no stdout');
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('listening ')) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve();
      });
    });
  }

  /** Stops the server at once (SIGKILL: what a crash or a lost machine does); the data directory stays. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server if running and removes its data. */
  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
