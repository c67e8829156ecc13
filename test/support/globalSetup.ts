import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeExit, launchDatabase, type RunningDatabase } from '../../src/db/launcher';

/**
 * One real database for the whole run (each test file uses its own database
 * name in it). Tests never skip the data layer: with no database to be had,
 * the run fails here, saying how to provide one.
 */
declare global {
  var __TEST_DATABASE__: RunningDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  // The playground's page as `npm start` builds it: the browser test opens it.
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts', 'build-page.ts')], { stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'incident-bot-test-db-'));
  const db = await launchDatabase({
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
    dataDir,
    log: (line) => process.stderr.write(`\n[test database] ${line}\n`),
  });
  process.env.TEST_MONGODB_URI = db.uri;
  process.env.TEST_DATABASE_KIND = db.kind;
  globalThis.__TEST_DATABASE__ = db;
  // Tests failing by the hundred on connection errors are explained by one line.
  void db.exited.then((ended) =>
    process.stderr.write(`\n[test database] stopped on its own: it ${describeExit(ended)}${ended.lastLines.length ? `: ${ended.lastLines.join(' | ')}` : ''}\n`),
  );
}
