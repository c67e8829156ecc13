import type { Incident, TimelineKind } from '../../src/domain/incident';
import { buildPostmortemModel, type PostmortemModel } from '../../src/domain/postmortem';
import { buildAction, buildEntry, buildIncident, buildInput, person } from '../golden/fixtures';

const NY = 'America/New_York';
const ana = person('U0ANA', 'Ana Silva');
const ben = person('U0BEN', 'Ben Ode');
const DECLARED = '2024-07-10T14:00:00Z'; // 10:00 AM EDT
const NOW = '2024-07-10T18:00:00Z';

/** Minutes after the declaration, as an ISO instant: tables read as a story in minutes. */
const t = (minutes: number): string => new Date(Date.parse(DECLARED) + minutes * 60_000).toISOString();

/** For a `closed` step, the text is what the closer typed after `/incident close` (the fact's resolution). */
type Step = [minutes: number, kind: TimelineKind, text?: string];

function model(steps: readonly Step[], incident: Partial<Incident> = {}, opts: { now?: string; timezone?: string } = {}): PostmortemModel {
  const inc = buildIncident({ title: 'Search is slow', declaredAt: new Date(DECLARED), declaredBy: ana.id, ...incident });
  const entries = steps.map(([m, kind, text]) =>
    kind === 'closed'
      ? buildEntry(t(m), kind, 'Incident closed (worded by the renderer)', ana, { fact: { kind: 'closed', ...(text ? { resolution: text } : {}) } })
      : buildEntry(t(m), kind, text ?? `${kind} at ${m}`, ana),
  );
  return buildPostmortemModel(buildInput(inc, entries, { people: [ana, ben], now: opts.now ?? NOW }), { timezone: opts.timezone ?? NY });
}

const minutesOf = (d: Date): number => (d.getTime() - Date.parse(DECLARED)) / 60_000;

describe('the impact window', () => {
  it.each<[string, Step[], Partial<Incident>, number, string]>([
    ['the declaration when nothing came before it', [[5, 'note']], {}, 0, 'declaration'],
    ['the first entry when it came before the declaration', [[-20, 'note'], [-5, 'detection']], {}, -20, 'timeline'],
    ['the first detection when it is the earliest', [[-15, 'detection'], [10, 'note']], {}, -15, 'detection'],
    ['a detection at the declaration instant, named as such', [[0, 'declared'], [0, 'detection']], {}, 0, 'detection'],
    ['a stated start, even a later one', [[-15, 'detection']], { impactStartedAt: new Date(t(-5)) }, -5, 'stated'],
  ])('starts at %s', (_case, steps, incident, start, source) => {
    const { window } = model(steps, incident);
    expect(minutesOf(window.start)).toBe(start);
    expect(window.startSource).toBe(source);
  });

  it.each<[string, Step[], Partial<Incident>, number, string]>([
    ['the first resolution after the last mitigation', [[10, 'mitigation'], [20, 'resolution'], [30, 'resolution']], {}, 20, 'resolution'],
    ['a resolution only when no mitigation follows it', [[10, 'resolution'], [20, 'mitigation'], [40, 'resolution']], {}, 40, 'resolution'],
    ['the first resolution when nothing was mitigated', [[25, 'resolution'], [35, 'resolution']], {}, 25, 'resolution'],
    [
      'the resolved status when the impact came back after every resolution',
      [[10, 'resolution'], [20, 'mitigation']],
      { milestones: { resolved: new Date(t(50)) }, closedAt: new Date(t(90)) },
      50,
      'resolved',
    ],
    ['the close when nothing marks the impact as over', [[10, 'mitigation']], { closedAt: new Date(t(90)) }, 90, 'closed'],
    ['the time of the draft for an open incident', [[10, 'mitigation']], {}, 240, 'now'],
    ['a stated end over everything else', [[10, 'mitigation'], [20, 'resolution']], { impactEndedAt: new Date(t(15)) }, 15, 'stated'],
  ])('ends at %s', (_case, steps, incident, end, source) => {
    const { window } = model(steps, incident);
    expect(minutesOf(window.end)).toBe(end);
    expect(window.endSource).toBe(source);
  });

  it('measures whole minutes between the clock times it shows', () => {
    const { window } = model([[0, 'declared']], { declaredAt: new Date('2024-07-10T14:00:50Z'), closedAt: new Date('2024-07-10T16:45:05Z') });
    expect(window.minutes).toBe(165);
  });
});

describe('dead ends', () => {
  it.each<[string, Step[], Array<[number | null, number | null]>]>([
    ['timed from the first investigation before them', [[5, 'investigation'], [12, 'investigation'], [30, 'dead_end']], [[5, 25]]],
    [
      'timed from the first investigation after the previous dead end',
      [[5, 'investigation'], [30, 'dead_end'], [40, 'note'], [45, 'investigation'], [50, 'investigation'], [80, 'dead_end']],
      [[5, 25], [45, 35]],
    ],
    ['unknown when no investigation came before them', [[5, 'investigation'], [30, 'dead_end'], [60, 'dead_end']], [[5, 25], [null, null]]],
    ['unknown when the only investigation is before the stated start', [[-30, 'investigation'], [30, 'dead_end']], [[null, null]]],
  ])('are %s', (_case, steps, expected) => {
    const m = model(steps, { impactStartedAt: new Date(t(0)) });
    expect(m.deadEnds.map((d) => [d.since && minutesOf(d.since), d.minutes])).toEqual(expected);
    expect(m.deadEnds.map((d) => [d.entry.ruledOut, d.entry.tag])).toEqual(expected.map(() => [true, 'ruled out']));
  });
});

describe('phases', () => {
  const story: Step[] = [[-10, 'detection'], [0, 'declared'], [40, 'root_cause'], [55, 'mitigation'], [70, 'resolution']];

  it('are measured from the start of the impact', () => {
    const phases = model(story).phases.map((p) => [p.key, p.minutes, p.todo]);
    expect(phases).toEqual([
      ['detect', 0, null],
      ['declare', 10, null],
      ['identify', 50, null],
      ['mitigate', 65, null],
      ['resolve', 80, null],
    ]);
  });

  it.each<[string, Step[], Partial<Incident>, number]>([
    ['a root-cause entry before the status', story, { milestones: { identified: new Date(t(45)) } }, 40],
    ['the status before a root-cause entry', story, { milestones: { identified: new Date(t(30)) } }, 30],
    ['the status alone', [[0, 'declared']], { milestones: { identified: new Date(t(30)) } }, 30],
  ])('identify the root cause at the earlier of the two: %s', (_case, steps, incident, at) => {
    const identify = model(steps, incident).phases.find((p) => p.key === 'identify');
    expect(identify?.at && minutesOf(identify.at)).toBe(at);
  });

  it('ask a question for every event that was not recorded', () => {
    const phases = model([[0, 'declared']]).phases;
    const missing = phases.filter((p) => p.at === null).map((p) => p.key);
    expect(missing).toEqual(['detect', 'identify', 'mitigate', 'resolve']);
    for (const p of phases) expect(p.todo === null).toBe(p.at !== null);
    expect(phases.filter((p) => p.minutes === null).map((p) => p.key)).toEqual(missing);
  });

  it('take the close as the end of the resolve phase', () => {
    const closed = model([[0, 'declared']], { closedAt: new Date(t(90)) }).phases.find((p) => p.key === 'resolve');
    expect(closed?.minutes).toBe(90);
  });
});

describe('what the draft says', () => {
  it.each<[string, Step[], Partial<Incident>, string[]]>([
    ['every impact entry, verbatim and in order', [[30, 'impact', '*40%* of searches'], [10, 'impact', 'EU only']], { impact: 'latest' }, ['EU only', '*40%* of searches']],
    ['the incident field when no entry states it', [[5, 'note']], { impact: 'EU only' }, ['EU only']],
    ['nothing, rather than a blank', [[5, 'note']], { impact: '  ' }, []],
  ])('impact: %s', (_case, steps, incident, expected) => {
    expect(model(steps, incident).impact).toEqual(expected);
  });

  it.each<[string, Step[], Partial<Incident>, string[]]>([
    ['the stated root cause first', [[10, 'root_cause', 'marked message']], { rootCause: 'stated' }, ['stated']],
    ['the marked messages otherwise', [[10, 'root_cause', 'one'], [20, 'root_cause', 'two']], {}, ['one', 'two']],
    ['nothing when nobody said', [[10, 'note']], {}, []],
  ])('root cause: %s', (_case, steps, incident, expected) => {
    expect(model(steps, incident).rootCause).toEqual(expected);
  });

  it.each<[string, Step[], Partial<Incident>, string | null]>([
    ['what the closer typed', [[90, 'closed', 'rolled back']], { status: 'closed' }, 'rolled back'],
    ['nothing when the close gave none', [[90, 'closed']], { status: 'closed' }, null],
    ['only the latest close after a reopen', [[60, 'closed', 'cache flush'], [70, 'reopened'], [90, 'closed']], { status: 'closed' }, null],
    ['no close while the incident is open', [[60, 'closed', 'cache flush'], [70, 'reopened']], { status: 'open' }, 'none'],
  ])('resolution at close: %s', (_case, steps, incident, expected) => {
    const { closing } = model(steps, incident).resolution;
    expect(closing === null ? 'none' : closing.resolution).toBe(expected);
  });

  it('lists what fixed it in time order, tags each kind and keeps plain notes untagged', () => {
    const m = model([[50, 'resolution'], [5, 'note'], [20, 'mitigation'], [0, 'declared'], [30, 'dead_end']]);
    expect(m.resolution.steps.map((s) => s.kind)).toEqual(['mitigation', 'resolution']);
    expect(m.timeline.entries.map((e) => [e.kind, e.tag])).toEqual([
      ['declared', null],
      ['note', null],
      ['mitigation', 'mitigation'],
      ['dead_end', 'ruled out'],
      ['resolution', 'resolution'],
    ]);
  });

  it('names people, and falls back to the id rather than inventing a name', () => {
    const inc = buildIncident({ title: 'x', declaredAt: new Date(DECLARED), declaredBy: ana.id, roles: { lead: ben.id, scribe: 'U0GONE' } });
    const input = buildInput(inc, [], {
      people: [ana, ben],
      participants: [ben, ana],
      now: NOW,
      actions: [buildAction(t(30), 'second', ana), buildAction(t(10), 'first', ana, ben)],
    });
    const m = buildPostmortemModel(input, { timezone: NY });
    expect(m.roles).toEqual([
      { role: 'lead', name: 'Ben Ode' },
      { role: 'scribe', name: 'U0GONE' },
      { role: 'comms', name: null },
    ]);
    expect(m.participants).toEqual(['Ben Ode', 'Ana Silva']);
    expect(m.declared.by).toBe('Ana Silva');
    expect(m.actions.map((a) => [a.text, a.owner])).toEqual([
      ['first', 'Ben Ode'],
      ['second', null],
    ]);
    expect(m.channel.url).toBeNull();
  });
});

describe('calendar facts in the incident time zone', () => {
  // 2024-11-03 06:00 UTC: 2:00 AM EDT becomes 1:00 AM EST in New York.
  const overnight = (timezone: string): PostmortemModel => {
    const inc = buildIncident({ title: 'x', declaredAt: new Date('2024-11-03T03:00:00Z'), declaredBy: ana.id }); // 11:00 PM EDT, November 2
    const entries = [
      buildEntry('2024-11-03T03:00:00Z', 'declared', 'Incident declared: x', ana),
      buildEntry('2024-11-03T05:30:00Z', 'note', '1:30 AM EDT', ben),
      buildEntry('2024-11-03T07:00:00Z', 'note', '2:00 AM EST', ben),
      buildEntry('2024-11-03T08:00:00Z', 'resolution', '3:00 AM EST', ben),
    ];
    return buildPostmortemModel(buildInput(inc, entries, { people: [ana, ben], now: '2024-11-03T10:00:00Z' }), { timezone });
  };
  const dayOf = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(d);

  it('groups entries by the day they fell on in the zone, with a header for each', () => {
    const m = overnight(NY);
    expect(m.timeline.days.map((d) => [dayOf(d.date, NY), d.entries.length])).toEqual([
      ['2024-11-02', 1],
      ['2024-11-03', 3],
    ]);
    expect(m.timeline.days[1]?.date.toISOString()).toBe('2024-11-03T04:00:00.000Z'); // midnight, still EDT
    expect(m.timeline.showDates).toBe(true);
    expect(m.window).toMatchObject({ sameDay: false, sameZone: false, minutes: 300 });
    expect(m.timeline.showZones).toBe(true);
  });

  it('needs no headers or zones where the same instants fall on one day', () => {
    const m = overnight('UTC');
    expect(m.timeline.days).toHaveLength(1);
    expect(m.timeline).toMatchObject({ showDates: false, showZones: false });
    expect(m.window).toMatchObject({ sameDay: true, sameZone: true });
  });

  it('refuses a zone it does not know', () => {
    expect(() => overnight('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
