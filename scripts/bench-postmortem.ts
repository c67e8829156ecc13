// Times drafting a postmortem (database read + render) for a large incident, then for one twice as large,
// and what a timeline write costs beside that many entries (a new entry; a reaction on an existing one).
// Usage: npm run bench:postmortem [-- --entries 10000 --runs 5]
// Uses MONGODB_URI when set, else the embedded FerretDB in a temporary folder; Slack is the offline stand-in.
import { createHomeStore } from '../src/db/home';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import { Types } from 'mongoose';
import { parseConfig, serviceSettings } from '../src/config';
import { connectDatabase, type Database } from '../src/db/connection';
import { launchDatabase } from '../src/db/launcher';
import { createCounters } from '../src/db/counters';
import { createIncidents } from '../src/db/incidents';
import { createPostmortems } from '../src/db/postmortems';
import { createTimeline } from '../src/db/timeline';
import { createTranscript } from '../src/db/transcript';
import { createLogger } from '../src/logger';
import { createPostmortemRenderer } from '../src/render/postmortem';
import { createSlackReads } from '../src/slack/slackReads';
import { composePostmortem } from '../src/usecases/draftPostmortem';
import type { UseCaseDeps } from '../src/usecases/deps';
import { LocalSlack } from '../src/localSlack/localSlack';

const EMOJI = ['pushpin', 'mag', 'x', 'arrow_up', 'wrench', 'pushpin', 'mag', 'bulb'];
const PEOPLE = 40;
// Writes timed per size: enough for a median.
const WRITES = 20;
const START = Date.UTC(2024, 10, 2, 20, 0, 0);

async function seed(db: Database, standIn: LocalSlack, entries: number, label: string) {
  const users = Array.from({ length: PEOPLE }, (_, i) => standIn.addUser({ name: `${label}-u${i}`, realName: `Person ${i}` }).id);
  const channelId = `C${label.toUpperCase()}`;
  const number = Number(label.replace(/\D/g, ''));
  const declaredAt = new Date(START + 5 * 60_000);
  const incident = await db.models.incidents.create({
    number, title: `Benchmark incident with ${entries} entries`, channelId, channelName: `inc-${number}-bench`,
    status: 'closed', phase: 'resolved', severity: 'sev2', declaredAt, declaredBy: users[0], closedAt: new Date(START + entries * 30_000),
    closedBy: users[1], roles: { lead: users[2], scribe: users[3] }, impact: 'Search results delayed for *all* users | 12% errors',
    rootCause: 'A `replica` lag after failover', milestones: { investigating: declaredAt }, lastActivityAt: declaredAt,
  });
  const incidentId = incident._id;
  // A message every 15 s; every second message is marked for the timeline, with a mention now and then.
  const messages = entries * 2;
  const transcript = Array.from({ length: messages }, (_, i) => ({
    _id: '', channelId, ts: `${Math.floor((START + i * 15_000) / 1000)}.${String(i % 1_000_000).padStart(6, '0')}`, userId: users[i % PEOPLE] ?? 'U0', rev: '0',
    text: i % 10 === 0 ? `checking with <@${users[(i + 1) % PEOPLE]}> on shard ${i % 64} _latency_ #${i}` : `update ${i}: p99 at ${200 + (i % 900)} ms`,
  }));
  for (const m of transcript) m._id = `${m.channelId}:${m.ts}`;
  for (let i = 0; i < transcript.length; i += 5000) await db.models.transcript.insertMany(transcript.slice(i, i + 5000), { ordered: false });
  const timeline = Array.from({ length: entries }, (_, i) => {
    const m = transcript[i * 2];
    return {
      _id: `${incidentId.toHexString()}:msg:${m?.ts}`, incidentId, key: `msg:${m?.ts}`, source: 'reaction', at: new Date(START + i * 30_000),
      authorId: m?.userId, messageTs: m?.ts, reactions: { [`${m?.userId}|${EMOJI[i % EMOJI.length]}`]: { on: true, ts: m?.ts } },
    };
  });
  // Stored in bulk as the bot's writes would have stored them; the cost of the bot's own writes is measured apart, below.
  for (let i = 0; i < timeline.length; i += 5000) await db.models.timeline.insertMany(timeline.slice(i, i + 5000), { ordered: false });
  await db.models.actions.insertMany(
    Array.from({ length: 50 }, (_, i) => ({ _id: `${incidentId.toHexString()}:cmd:${i}`, incidentId, key: `cmd:${i}`, text: `follow-up ${i}`, ownerId: users[i % PEOPLE], createdBy: users[0], createdAt: declaredAt })),
  );
  return { id: (incident._id as Types.ObjectId).toHexString(), channelId };
}

async function main() {
  const { values } = parseArgs({ options: { entries: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
  const base = Number(values.entries);
  const runs = Number(values.runs);
  const running = await launchDatabase({
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-postmortem-')),
    log: (line) => console.error(line),
  });
  const standIn = await LocalSlack.start({ botToken: 'xoxb-bench', signingSecret: 'bench-secret-123' });
  const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret-123', SLACK_API_URL: standIn.apiUrl, INCIDENT_TIMEZONE: 'America/New_York' });
  const slack = createSlackReads(new WebClient(config.slack.botToken, { slackApiUrl: standIn.apiUrl }));
  const renderer = createPostmortemRenderer({ timezone: config.timezone });
  console.log(`database: ${running.kind}; runs per size: ${runs} (median reported; the first, uncached run is shown apart)`);
  const results: Array<{ entries: number; median: number }> = [];
  for (const [i, entries] of [base, base * 2].entries()) {
    // A database per size, so the larger run does not also wade through the smaller one's documents.
    const db = await connectDatabase(running.uri, { dbName: `bench_${process.pid}_${i}` });
    const counters = createCounters(db.models.counters);
    const repos = { incidents: createIncidents(db.models.incidents), timeline: createTimeline(db.models), transcript: createTranscript(db.models.transcript) };
    const deps: UseCaseDeps = {
      ...repos, postmortems: createPostmortems(db.models.postmortems, counters), counters, people: slack, history: slack, workspaceUrl: () => slack.workspaceUrl(),
      heldEvents: { release: async () => 0 }, renderer, home: createHomeStore(db.models), settings: serviceSettings(config), log: createLogger(),
    };
    const seeded = await seed(db, standIn, entries, `b${i + 1}`);
    const incident = await repos.incidents.findByChannel(seeded.channelId);
    if (!incident) throw new Error('seeded incident missing');
    const times: number[] = [];
    let size = 0;
    for (let r = 0; r <= runs; r++) {
      const started = process.hrtime.bigint();
      const composed = await composePostmortem(deps, incident, new Date());
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      size = composed.markdown.length;
    }
    const [first, ...rest] = times;
    const sorted = [...rest].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    // The draft runs both reads at once; timed apart here, one after the other.
    const medianOf = async (read: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let r = 0; r < runs; r++) {
        const started = process.hrtime.bigint();
        await read();
        xs.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      return [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    };
    const read = await medianOf(() => repos.timeline.list(incident.id));
    const transcriptRead = await medianOf(() => repos.transcript.listChannel(seeded.channelId));
    // What a write costs beside that many entries: new entries, and reactions on existing ones, one at a time.
    const adds: number[] = [];
    const reacts: number[] = [];
    for (let w = 0; w < WRITES; w++) {
      let started = process.hrtime.bigint();
      await repos.timeline.add(
        { incidentId: incident.id, key: `cmd:bench-${w}`, kind: 'note', source: 'command', at: new Date(), authorId: 'U1', fact: { kind: 'note', text: `late note ${w}` } },
        new Date(),
      );
      adds.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      const i = w * 97 * 2;
      const ts = `${Math.floor((START + i * 15_000) / 1000)}.${String(i).padStart(6, '0')}`;
      await repos.timeline.applyReactions([{ incidentId: incident.id, messageTs: ts, authorId: 'U1', reaction: 'U9|bulb', on: true, ts: '9999999999.000000' }], new Date());
      reacts.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * p)]?.toFixed(1);
    results.push({ entries, median });
    console.log(
      `${entries} timeline entries, ${entries * 2} transcript messages: median ${median.toFixed(0)} ms ` +
        `(min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}, first ${first?.toFixed(0)} ms); ` +
        `${(size / 1024).toFixed(0)} KiB of Markdown; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB\n` +
        `  reads alone (a draft makes them at once): the timeline median ${read.toFixed(0)} ms, the channel's transcript median ${transcriptRead.toFixed(0)} ms\n` +
        `  writes (${WRITES} each, one at a time): adding an entry median ${pct(adds, 0.5)} ms, p95 ${pct(adds, 0.95)} ms; ` +
        `a reaction on an existing entry median ${pct(reacts, 0.5)} ms, p95 ${pct(reacts, 0.95)} ms`,
    );
    await db.connection.dropDatabase();
    await db.close();
  }
  const [a, b] = results;
  if (a && b) console.log(`doubling the entries multiplied the time by ${(b.median / a.median).toFixed(2)}`);
  await standIn.stop();
  await running.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
