import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
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
});
