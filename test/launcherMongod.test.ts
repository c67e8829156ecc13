import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { launchDatabase, MONGOD_PORT_ATTEMPTS, OUTPUT_LINES_KEPT } from '../src/db/launcher';
import { waitUntil } from './support/wait';

/**
 * A `mongod` found on PATH, played by a shell script (there is no mongod on the machines the tests run on):
 * it takes the launcher's flags, records each start (port, pid, umask) and prints what mongod prints.
 */
function fakeMongod(behaviour: { refuseFirst?: number; beforeListening?: string; afterReady?: string } = {}) {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-mongod-bin-'));
  const record = mkdtempSync(path.join(os.tmpdir(), 'fake-mongod-record-'));
  const script = [
    '#!/bin/sh',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in --dbpath) dbpath=$2; shift ;; --port) port=$2; shift ;; esac',
    '  shift',
    'done',
    `record=${JSON.stringify(record)}`,
    'n=$(( $(cat "$record/starts" 2>/dev/null || echo 0) + 1 ))',
    'echo $n > "$record/starts"',
    'echo "$port" >> "$record/ports"',
    'umask > "$record/umask"',
    `if [ $n -le ${behaviour.refuseFirst ?? 0} ]; then`,
    // What mongod 7 logs (on stdout) and its exit code when it cannot listen.
    `  echo '{"s":"E","c":"NETWORK","id":23024,"msg":"Error setting up listener","attr":{"error":{"code":9001,"codeName":"SocketException","errmsg":"Address already in use"}}}'`,
    '  exit 48',
    'fi',
    behaviour.beforeListening ?? '',
    'echo $$ > "$record/pid"',
    `echo '{"s":"I","c":"NETWORK","id":23016,"msg":"Waiting for connections","attr":{"port":'"$port"'}}'`,
    behaviour.afterReady ?? '',
    'exec sleep 600',
  ].join('\n');
  writeFileSync(path.join(bin, 'mongod'), `${script}\n`);
  chmodSync(path.join(bin, 'mongod'), 0o755);
  const read = (name: string) => (existsSync(path.join(record, name)) ? readFileSync(path.join(record, name), 'utf8').trim() : '');
  return { bin, starts: () => Number(read('starts') || 0), ports: () => read('ports').split('\n').filter(Boolean).map(Number), pid: () => Number(read('pid')), umask: () => read('umask') };
}

/** True while `pid` is a live process (a zombie nobody reaped counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'launcher-mongod-'));
const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe('a mongod from PATH', () => {
  it('is started again on another free port when its port turns out to be taken', async () => {
    const fake = fakeMongod({ refuseFirst: 2 });
    const lines: string[] = [];
    const db = await launchDatabase({ dataDir: dataDir(), searchPath: fake.bin, log: (l) => lines.push(l) });
    try {
      expect(fake.starts()).toBe(3);
      expect(db.uri).toBe(`mongodb://127.0.0.1:${fake.ports()[2]}/`);
      expect(lines.filter((l) => l.includes('was taken meanwhile, trying another'))).toHaveLength(2);
    } finally {
      await db.stop();
    }
  });

  it(`gives up after ${MONGOD_PORT_ATTEMPTS} taken ports, saying why`, async () => {
    const fake = fakeMongod({ refuseFirst: 1000 });
    await expect(launchDatabase({ dataDir: dataDir(), searchPath: fake.bin, log: () => undefined })).rejects.toThrow(/Address already in use/);
    expect(fake.starts()).toBe(MONGOD_PORT_ATTEMPTS);
  });

  it('is not tried again when it fails for another reason', async () => {
    const fake = fakeMongod({ beforeListening: `echo '{"msg":"Data directory not writable"}'; exit 100` });
    await expect(launchDatabase({ dataDir: dataDir(), searchPath: fake.bin, log: () => undefined })).rejects.toThrow(
      /^mongod exited with code 100: \{"msg":"Data directory not writable"\}$/,
    );
    expect(fake.starts()).toBe(1);
  });

  it('does not outlive the process that started it, even a SIGKILLed one; its files are private', async () => {
    const fake = fakeMongod();
    const dir = dataDir();
    chmodSync(dir, 0o755);
    const owner = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'databaseOwner.ts'), dir, fake.bin], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ownerExited = new Promise((resolve) => owner.once('exit', resolve));
    const started = await new Promise<{ pid: number; kind: string }>((resolve, reject) => {
      owner.once('exit', (code) => reject(new Error(`the owner exited with code ${code}`)));
      if (owner.stdout) createInterface({ input: owner.stdout }).once('line', (line) => resolve(JSON.parse(line) as { pid: number; kind: string }));
    });
    const mongod = fake.pid();
    leftovers.push(mongod, started.pid);
    expect(started.kind).toBe('mongod');
    expect(isAlive(mongod)).toBe(true);
    expect(fake.umask()).toBe('0077');
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(path.join(dir, 'mongod')).mode & 0o777).toString(8)).toBe('700');

    owner.kill('SIGKILL');
    await ownerExited;
    await waitUntil(() => !isAlive(mongod) && !isAlive(started.pid), { timeoutMs: 15_000, message: 'mongod outlived the process that started it' });
  });

  it(`keeps only the last ${OUTPUT_LINES_KEPT} lines of its output, and reports them when it stops on its own`, async () => {
    const fake = fakeMongod({ afterReady: 'i=1; while [ $i -le 5000 ]; do echo "warning $i" >&2; i=$((i+1)); done; exit 3' });
    const db = await launchDatabase({ dataDir: dataDir(), searchPath: fake.bin, log: () => undefined });
    const exit = await db.exited;
    expect(exit).toEqual({
      code: 3,
      signal: null,
      lastLines: Array.from({ length: OUTPUT_LINES_KEPT }, (_, i) => `warning ${5000 - OUTPUT_LINES_KEPT + 1 + i}`),
    });
    await db.stop();
  });
});
