import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/db/connection';
import { ferretBinaryPath } from '../src/db/ferretBuild';
import { launchDatabase } from '../src/db/launcher';

/** The launcher's order: MONGODB_URI, then a mongod on PATH, then the embedded FerretDB. */
describe('launchDatabase', () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'launcher-test-'));

  it('uses MONGODB_URI when it is set, and says so', async () => {
    const lines: string[] = [];
    const db = await launchDatabase({ mongodbUri: 'mongodb://db.example:27017/bot', dataDir: dataDir(), log: (l) => lines.push(l) });
    expect(db).toMatchObject({ uri: 'mongodb://db.example:27017/bot', kind: 'uri' });
    expect(lines).toEqual(['database: using MONGODB_URI']);
    await db.stop();
  });

  it('prefers a mongod on PATH over the embedded FerretDB', async () => {
    const bin = mkdtempSync(path.join(os.tmpdir(), 'fake-mongod-'));
    const fake = path.join(bin, 'mongod');
    // Stands in for mongod: prints its readiness log line, then waits to be stopped.
    writeFileSync(fake, '#!/bin/sh\necho \'{"msg":"Waiting for connections"}\'\nexec sleep 60\n');
    chmodSync(fake, 0o755);
    const lines: string[] = [];
    const db = await launchDatabase({ dataDir: dataDir(), searchPath: bin, log: (l) => lines.push(l) });
    expect(db.kind).toBe('mongod');
    expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(lines[0]).toContain(`starting mongod from PATH (${fake})`);
    await db.stop();
  });

  it('falls back to the embedded FerretDB and answers on the URI it prints', async () => {
    expect(ferretBinaryPath()).toContain('ferretdb-embedded-v1.24.2');
    const lines: string[] = [];
    const db = await launchDatabase({ dataDir: dataDir(), searchPath: process.env.PATH ?? '', log: (l) => lines.push(l) });
    try {
      expect(db.kind).toBe('ferretdb');
      expect(lines.at(-1)).toMatch(/^database: embedded FerretDB v1\.24\.2 \(SQLite\), data in /);
      const conn = await connectDatabase(db.uri, { dbName: 'launcher_probe' });
      expect(await conn.isHealthy()).toBe(true);
      await conn.close();
    } finally {
      await db.stop();
    }
  });

  /** Every entry under `dir` with its permission bits, e.g. `['ferretdb/', '700']`. */
  const modes = (dir: string): Array<[string, string]> =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((name) => {
        const stat = statSync(path.join(dir, name));
        return [`${name}${stat.isDirectory() ? '/' : ''}`, (stat.mode & 0o777).toString(8)];
      });

  it("keeps the embedded FerretDB's files from other users: folders 0700, files 0600, also ones an older version left readable", async () => {
    const root = path.join(dataDir(), '.data');
    const writeSomething = async (uri: string, dbName: string) => {
      const conn = await connectDatabase(uri, { dbName });
      await conn.connection.collection('probe').insertOne({ text: 'private' });
      await conn.close();
    };
    let db = await launchDatabase({ dataDir: root, searchPath: process.env.PATH ?? '', log: () => undefined });
    try {
      await writeSomething(db.uri, 'perm_one');
    } finally {
      await db.stop();
    }
    const first = modes(root);
    expect(first.map(([name]) => name)).toEqual(expect.arrayContaining(['ferretdb/', 'ferretdb/perm_one.sqlite']));
    expect(first.filter(([name, mode]) => mode !== (name.endsWith('/') ? '700' : '600'))).toEqual([]);
    expect((statSync(root).mode & 0o777).toString(8)).toBe('700');

    // As the wrapper before this change left them.
    for (const [name] of first) chmodSync(path.join(root, name), name.endsWith('/') ? 0o755 : 0o644);
    chmodSync(root, 0o755);
    db = await launchDatabase({ dataDir: root, searchPath: process.env.PATH ?? '', log: () => undefined });
    try {
      await writeSomething(db.uri, 'perm_one');
      await writeSomething(db.uri, 'perm_two');
      const again = modes(root);
      expect(again.map(([name]) => name)).toEqual(expect.arrayContaining(['ferretdb/perm_one.sqlite', 'ferretdb/perm_two.sqlite', 'ferretdb/perm_two.sqlite-wal']));
      expect(again.filter(([name, mode]) => mode !== (name.endsWith('/') ? '700' : '600'))).toEqual([]);
      expect((statSync(root).mode & 0o777).toString(8)).toBe('700');
    } finally {
      await db.stop();
    }
  });

  it('says when the embedded FerretDB stops on its own (it is watched after startup too)', async () => {
    const db = await launchDatabase({ dataDir: dataDir(), searchPath: process.env.PATH ?? '', log: () => undefined });
    expect(db.pid).toEqual(expect.any(Number));
    process.kill(db.pid ?? 0, 'SIGKILL');
    await expect(db.exited).resolves.toMatchObject({ code: null, signal: 'SIGKILL' });
    await db.stop();
  });
});
