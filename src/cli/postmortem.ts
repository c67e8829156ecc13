import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { connectDatabase } from '../db/connection';
import { dataDirFor, launchDatabase } from '../db/launcher';
import { createCounters } from '../db/counters';
import { createIncidents } from '../db/incidents';
import { createPostmortems } from '../db/postmortems';
import type { DraftStore } from '../usecases/ports/drafts';
import type { IncidentStore } from '../usecases/ports/incidents';

/**
 * `npm run postmortem -- <incident number | channel id> [--version N]`:
 * prints a stored draft (the latest unless --version) to stdout as Markdown.
 * Needs only the database, not Slack.
 */
const USAGE = 'usage: npm run postmortem -- <incident number | channel id> [--version N]';

async function findDraft(repos: { incidents: IncidentStore; postmortems: DraftStore }, target: string, version?: number): Promise<string> {
  const incident = /^\d+$/.test(target)
    ? await repos.incidents.findByNumber(Number(target))
    : await repos.incidents.findByChannel(target);
  if (!incident) throw new Error(`no incident ${/^\d+$/.test(target) ? `#${target}` : `in channel ${target}`}`);
  const draft = version === undefined ? await repos.postmortems.latest(incident.id) : await repos.postmortems.get(incident.id, version);
  if (!draft) {
    throw new Error(
      version === undefined
        ? `incident #${incident.number} has no postmortem draft yet (/incident postmortem or /incident close makes one)`
        : `incident #${incident.number} has no draft version ${version} (latest: ${incident.latestPostmortemVersion ?? 'none'})`,
    );
  }
  return draft.markdown;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const { values, positionals } = parseArgs({ options: { version: { type: 'string' } }, allowPositionals: true });
  const target = positionals[0];
  const version = values.version === undefined ? undefined : Number(values.version);
  if (!target || positionals.length > 1 || (version !== undefined && (!Number.isInteger(version) || version < 1))) fail(USAGE);

  const mongodbUri = process.env.MONGODB_URI?.trim() || undefined;
  const db = await launchDatabase({
    ...(mongodbUri ? { mongodbUri } : {}),
    dataDir: dataDirFor(process.env.DATA_DIR),
    log: () => undefined,
  });
  const conn = await connectDatabase(db.uri, mongodbUri ? {} : { dbName: 'incident_bot' });
  try {
    process.stdout.write(await findDraft({ incidents: createIncidents(conn.models.incidents), postmortems: createPostmortems(conn.models.postmortems, createCounters(conn.models.counters)) }, target, version));
  } finally {
    await conn.close();
    await db.stop();
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => fail(`postmortem: ${err instanceof Error ? err.message : String(err)}`));
}
