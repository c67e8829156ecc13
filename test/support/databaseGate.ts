// Some data-layer suites mean something on one kind of database only (the embedded build's SQLite plans,
// an explain format). A suite that silently skips makes a green run mean different things on different
// machines, so: where such a suite cannot run it says so (stderr and its name); in CI, which runs on the
// embedded FerretDB where every suite applies, it fails instead.
import type { DatabaseKind } from '../../src/db/launcher';

/** The database the jest globalSetup started or was given for this run. */
export function testDatabaseKind(): string {
  return process.env.TEST_DATABASE_KIND ?? 'unknown';
}

const inCi = () => ['true', '1'].includes(process.env.CI ?? '');

export interface DatabaseGate {
  /** Whether the suite's database is this run's (for setup done outside the suite). */
  runs: boolean;
  describe(name: string, fn: () => void): void;
}

/** A `describe` for a suite that needs one of `kinds`; `why` says what about those databases it checks. */
export function onDatabases(kinds: readonly DatabaseKind[], why: string): DatabaseGate {
  const kind = testDatabaseKind();
  if ((kinds as readonly string[]).includes(kind)) return { runs: true, describe };
  const need = `needs ${kinds.join(' or ')} (${why}); this run's database is ${kind}`;
  if (inCi()) {
    return {
      runs: false,
      describe: (name) =>
        describe(name, () => {
          test('runs on the database CI provides', () => {
            throw new Error(`${need}. CI must run every suite: run it on the embedded FerretDB (no MONGODB_URI, no mongod on PATH).`);
          });
        }),
    };
  }
  return {
    runs: false,
    describe: (name, fn) => {
      process.stderr.write(`[test database] skipped "${name}": ${need}\n`);
      describe.skip(`${name} [skipped: ${need}]`, fn);
    },
  };
}
