// A process that starts a database the way the bot does (launchDatabase) and then only waits, so a test
// can SIGKILL it, as a crash or an OOM kill would end the bot, and look at what it leaves behind.
// Usage: node --import tsx test/support/databaseOwner.ts <dataDir> <PATH to search>
import { launchDatabase } from '../../src/db/launcher';

const [dataDir, searchPath] = process.argv.slice(2);
if (!dataDir || searchPath === undefined) {
  process.stderr.write('usage: databaseOwner.ts <dataDir> <searchPath>\n');
  process.exit(2);
}

launchDatabase({ dataDir, searchPath, log: () => undefined }).then(
  (db) => {
    process.stdout.write(`${JSON.stringify({ uri: db.uri, kind: db.kind, pid: db.pid })}\n`);
    // Stays up until killed.
    setInterval(() => undefined, 60_000);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
