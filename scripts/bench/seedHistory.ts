// A year of history for the bot's database, written through the bot's own repositories so every document
// has the shape, keys and indexes the bot gives it: closed incidents, each with its marked messages,
// command entries, transcript, follow-up actions and one stored draft.
import { performance } from 'node:perf_hooks';
import { connectDatabase } from '../../src/db/connection';
import { createCounters } from '../../src/db/counters';
import { createIncidents } from '../../src/db/incidents';
import { createPostmortems } from '../../src/db/postmortems';
import { createTimeline } from '../../src/db/timeline';
import { createTranscript } from '../../src/db/transcript';
import type { ReactionFact } from '../../src/domain/channelEvents';
import { kindOfFact, type TimelineFact, type TranscriptMessage } from '../../src/domain/incident';

export interface HistorySize {
  incidents: number;
  /** Timeline entries per incident: a quarter from commands, the rest marked messages. */
  entries: number;
  /** Channel messages per incident (the marked ones among them). */
  messages: number;
  actions: number;
}

export const YEAR: HistorySize = { incidents: 500, entries: 200, messages: 200, actions: 4 };

const DAY = 24 * 60 * 60_000;
/** The facts commands record, in turn. */
const COMMAND_FACTS = (k: number, i: number): TimelineFact[] => [
  { kind: 'note', text: `command entry ${k} of incident ${i}` },
  { kind: 'status', from: 'investigating', to: 'identified' },
  { kind: 'severity', to: 'sev2' },
  { kind: 'role', role: 'lead', userId: 'UHIST2' },
  { kind: 'impact', text: `impact statement ${k} of incident ${i}` },
];
const REACTIONS = ['pushpin', 'bulb', 'wrench', 'x', 'pushpin'];
/** Incidents written at once: the embedded database runs one write at a time, this only keeps it busy. */
const IN_FLIGHT = 4;

const slackTs = (at: number, seq: number) => `${Math.floor(at / 1000)}.${String(seq).padStart(6, '0')}`;

export async function seedHistory(dbUri: string, dbName: string, size: HistorySize, log: (line: string) => void): Promise<{ seconds: number }> {
  const started = performance.now();
  const db = await connectDatabase(dbUri, { dbName });
  const counters = createCounters(db.models.counters);
  const incidents = createIncidents(db.models.incidents);
  const timeline = createTimeline(db.models);
  const transcript = createTranscript(db.models.transcript);
  const postmortems = createPostmortems(db.models.postmortems, counters);
  const yearAgo = Date.now() - 365 * DAY;

  const seedOne = async (i: number) => {
    const declaredAt = new Date(yearAgo + i * Math.floor((360 * DAY) / size.incidents));
    const at = (minute: number) => new Date(declaredAt.getTime() + minute * 60_000);
    const channelId = `CHIST${String(i).padStart(5, '0')}`;
    const incident = await incidents.create({
      number: await counters.next('incident'),
      title: `Past incident ${i}: elevated 5xx on the checkout API`,
      channelId,
      channelName: `inc-past-${i}`,
      declaredAt,
      declaredBy: 'UHIST1',
      severity: 'sev2',
    });
    const messages: TranscriptMessage[] = Array.from({ length: size.messages }, (_, m) => {
      const ts = slackTs(at(m / 2).getTime(), m);
      return { channelId, ts, rev: ts, userId: `UHIST${m % 7}`, text: `update ${m}: p99 at ${200 + ((m * 37) % 900)} ms on shard ${m % 64}` };
    });
    await transcript.save(messages, new Date());
    const commandEntries = Math.floor(size.entries / 4);
    const marked = Math.min(size.entries - commandEntries, messages.length);
    const reactions: ReactionFact[] = messages.slice(0, marked).map((m, k) => ({
      incidentId: incident.id,
      messageTs: m.ts,
      authorId: m.userId,
      reaction: `UHIST${k % 5}|${REACTIONS[k % REACTIONS.length] ?? 'pushpin'}`,
      on: true,
      ts: slackTs(at(k / 2 + 1).getTime(), k),
    }));
    await timeline.applyReactions(reactions, new Date());
    for (let k = 0; k < commandEntries; k++) {
      const facts = COMMAND_FACTS(k, i);
      const fact = facts[k % facts.length] ?? { kind: 'note', text: '' };
      await timeline.add(
        { incidentId: incident.id, key: `cmd:hist-${i}-${k}`, kind: kindOfFact(fact), source: 'command', at: at(k), authorId: 'UHIST1', fact },
        at(k),
      );
    }
    for (let k = 0; k < size.actions; k++) {
      await timeline.addAction({ incidentId: incident.id, key: `act:hist-${i}-${k}`, text: `follow-up ${k}`, createdBy: 'UHIST1', createdAt: at(100 + k) });
    }
    const closedAt = at(120);
    await incidents.apply(incident.id, { rootCause: 'a connection pool too small for the new traffic', impact: 'checkout failed for 4% of users' }, closedAt.getTime() * 1000, closedAt);
    await incidents.markClosed(incident.id, closedAt, 'UHIST1', `cmd:hist-close-${i}`);
    const markdown = `# Postmortem: incident ${i}\n\n${Array.from({ length: size.entries }, (_, k) => `- ${k}: an entry of the timeline as drafted`).join('\n')}\n`;
    const draft = await postmortems.addVersion(
      { incidentId: incident.id, markdown, generatedAt: closedAt, generatedBy: 'UHIST1', template: 'templates/postmortem.md.hbs' },
      `draft:hist-${i}`,
    );
    await incidents.setLatestPostmortem(incident.id, draft.version);
  };

  try {
    let next = 0;
    const worker = async () => {
      while (next < size.incidents) {
        const i = next++;
        await seedOne(i);
        if ((i + 1) % 100 === 0) log(`seeded ${i + 1}/${size.incidents} incidents (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  } finally {
    await db.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}
