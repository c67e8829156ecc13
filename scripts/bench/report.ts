// The printed tables and the issue's goals beside the figures; reads results only, never a target.
import type { CloseResult } from './close';
import type { CommandsResult } from './commands';
import type { EventsResult } from './events';
import type { LatencySummary } from './stats';
import { TARGET_LABEL, type TargetName } from './target';

export interface Results {
  events: EventsResult[];
  commands: CommandsResult[];
  close: CloseResult[];
  failures: Array<{ scenario: string; target: TargetName; message: string }>;
}

const num = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const ms = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const withUnit = (x: number | undefined, unit: string, f: (x: number | undefined) => string = ms): string => {
  const text = f(x);
  return text === '-' ? text : `${text} ${unit}`;
};
const latency = (a: LatencySummary) => [ms(a.p50), ms(a.p95), ms(a.p99), ms(a.max), String(a.non200)];

/** Columns before `textColumns` are left-aligned words; the rest are right-aligned figures. */
export function table(header: string[], rows: string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function eventsTable(results: EventsResult[]): string {
  const rows: string[][] = [];
  const bursts = Math.max(0, ...results.map((r) => r.bursts.length));
  for (let b = 0; b < bursts; b++) {
    for (const r of results) {
      const x = r.bursts[b];
      if (!x) continue;
      rows.push([
        `burst ${b + 1}`,
        TARGET_LABEL[r.target],
        num(x.ackRate),
        ...latency(x.ack),
        x.visibleRate !== undefined ? num(x.visibleRate) : (x.visibleFailure ?? '-'),
        `${x.chatUpdatesBurst} / ${x.chatUpdatesSettled}`,
        num(x.rssMb, 0),
      ]);
    }
  }
  for (const r of results) {
    const [first, second] = r.bursts;
    if (!first || !second) continue;
    const visible = first.visibleRate && second.visibleRate ? `${(second.visibleRate / first.visibleRate).toFixed(2)}×` : '-';
    rows.push(['2nd/1st', TARGET_LABEL[r.target], `${(second.ackRate / first.ackRate).toFixed(2)}×`, '', '', '', '', '', visible, '', `${second.rssMb - first.rssMb >= 0 ? '+' : ''}${num(second.rssMb - first.rssMb, 0)}`]);
  }
  return table(
    ['scenario', 'target', 'acked/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-200', 'visible/s', 'chat.update burst / settled', 'RSS MiB'],
    rows,
    2,
  );
}

export function commandsTable(results: CommandsResult[]): string {
  return table(
    ['scenario', 'target', 'sent', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-200', 'notes stored', 'response_url answers', 'chat.update'],
    results.map((r) => [
      `notes @${r.perSecond}/s`,
      TARGET_LABEL[r.target],
      String(r.sent),
      ...latency(r.ack),
      r.stored === undefined ? '-' : String(r.stored),
      String(r.responses),
      String(r.chatUpdates),
    ]),
    2,
  );
}

export function closeTable(results: CloseResult[], timeoutMs: number): string {
  return table(
    ['scenario', 'target', 'entries', 'close s', 'close ack ms', 'draft KiB', 'last entry in draft', 'setup s', 'setup visible', 'setup acked p99 ms'],
    results.map((r) => [
      'close',
      TARGET_LABEL[r.target],
      String(r.entries),
      r.seconds === undefined ? `timed out (>${timeoutMs / 1000} s)` : r.seconds.toFixed(2),
      `${ms(r.closeAckMs)}${r.closeStatus === 200 ? '' : ` (HTTP ${r.closeStatus})`}`,
      num(r.draftKb),
      r.draftHasTimeline ? 'yes' : 'no',
      num(r.setup.seconds, 0),
      `${r.setup.entriesVisible}/${r.entries}`,
      ms(r.setup.ack.p99),
    ]),
    2,
  );
}

type Verdict = 'met' | 'MISSED' | 'n/a';
const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED');

export function goalsTable(results: Results): string {
  const rows: string[][] = [];
  const events = (t: TargetName) => results.events.find((r) => r.target === t);
  const bot = events('bot');
  const f2 = events('F2');
  for (let b = 0; b < Math.max(bot?.bursts.length ?? 0, f2?.bursts.length ?? 0); b++) {
    const x = bot?.bursts[b];
    const floor = f2?.bursts[b];
    const limit = floor ? 2 * floor.ack.p99 : undefined;
    rows.push([`events burst ${b + 1}: ack p99 ≤ 2× F2's p99`, withUnit(x?.ack.p99, 'ms'), `≤ ${withUnit(limit, 'ms')}`, verdict(x && limit !== undefined ? x.ack.p99 <= limit : undefined)]);
    const want = floor?.visibleRate !== undefined ? 0.5 * floor.visibleRate : undefined;
    rows.push([
      `events burst ${b + 1}: visible rate ≥ 50% of F2's`,
      x?.visibleRate !== undefined ? `${num(x.visibleRate)}/s` : (x?.visibleFailure ?? '-'),
      `≥ ${num(want)}/s`,
      verdict(x && want !== undefined ? (x.visibleRate ?? 0) >= want : undefined),
    ]);
    rows.push([`events burst ${b + 1}: ≤ ~10 chat.update`, x ? `${x.chatUpdatesSettled} (${x.chatUpdatesBurst} during the burst)` : '-', '≤ 10', verdict(x ? x.chatUpdatesSettled <= 10 : undefined)]);
  }
  const [first, second] = bot?.bursts ?? [];
  if (first && second) {
    const ratio = first.visibleRate && second.visibleRate !== undefined ? second.visibleRate / first.visibleRate : undefined;
    rows.push([
      'events: second burst ≥ 0.8× first (visible rate)',
      ratio === undefined ? '-' : `${ratio.toFixed(2)}× (acked/s ${(second.ackRate / first.ackRate).toFixed(2)}×)`,
      '≥ 0.80×',
      verdict(ratio === undefined ? undefined : ratio >= 0.8),
    ]);
    rows.push(['events: RSS after 2nd burst ≤ 1st + 20 MB', `${num(second.rssMb, 0)} MiB (1st ${num(first.rssMb, 0)})`, `≤ ${num(first.rssMb + 20, 0)} MiB`, verdict(second.rssMb <= first.rssMb + 20)]);
  }
  const note = results.commands.find((r) => r.target === 'bot');
  const f1 = results.commands.find((r) => r.target === 'F1');
  if (note || f1) {
    const limit = f1 ? 1.3 * f1.ack.p99 : undefined;
    rows.push(['commands: note ack p99 ≤ 1.3× F1\'s p99', withUnit(note?.ack.p99, 'ms'), `≤ ${withUnit(limit, 'ms')}`, verdict(note && limit !== undefined ? note.ack.p99 <= limit : undefined)]);
  }
  for (const c of results.close) {
    rows.push([`close: ${c.entries} entries in < 2 s`, c.seconds === undefined ? 'timed out' : `${c.seconds.toFixed(2)} s`, '< 2 s', verdict(c.seconds === undefined ? false : c.seconds < 2)]);
  }
  return table(['goal (from the issue)', 'bot', 'goal', 'verdict'], rows, 1);
}
