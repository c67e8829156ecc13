import { computeResponseFigures, percentile, responseRecord, stagesReachedBy, type ResponseRecord } from '../../src/domain/responseFigures';

const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number, plusMinutes = 0) => new Date(now.getTime() - d * 86_400_000 + plusMinutes * 60_000);

/** An incident declared `d` days ago that reached each stage after the given minutes. */
const record = (d: number, severity: ResponseRecord['severity'], minutes: Partial<Record<'acknowledge' | 'identify' | 'mitigate' | 'resolve', number>>): ResponseRecord => ({
  ...(severity ? { severity } : {}),
  declaredAt: daysAgo(d),
  reached: Object.fromEntries(Object.entries(minutes).map(([stage, m]) => [stage, daysAgo(d, m)])),
});

describe('response figures', () => {
  it('takes the nearest rank: one of the values, never an average', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });

  it('gives median and p90 per severity and window, over the incidents that reached each stage', () => {
    const records = [
      record(2, 'sev1', { acknowledge: 2, identify: 20, mitigate: 40, resolve: 60 }),
      record(5, 'sev1', { acknowledge: 4, identify: 30, resolve: 90 }),
      record(10, 'sev1', { acknowledge: 10 }),
      record(40, 'sev1', { acknowledge: 30, resolve: 300 }),
      record(3, 'sev3', { acknowledge: 1, resolve: 15 }),
      record(3, undefined, {}),
      record(100, 'sev2', { acknowledge: 5 }),
    ];
    const figures = computeResponseFigures(records, now);
    const [month, quarter] = figures.windows;
    expect(month?.days).toBe(30);
    expect(month?.incidents).toBe(5);
    expect(month?.bySeverity.map((s) => [s.severity, s.incidents])).toEqual([
      ['sev1', 3],
      ['sev3', 1],
      ['none', 1],
    ]);
    const sev1 = month?.bySeverity[0]?.stages;
    expect(sev1?.acknowledge).toEqual({ reached: 3, medianMinutes: 4, p90Minutes: 10 });
    expect(sev1?.identify).toEqual({ reached: 2, medianMinutes: 20, p90Minutes: 30 });
    expect(sev1?.mitigate).toEqual({ reached: 1, medianMinutes: 40, p90Minutes: 40 });
    expect(sev1?.resolve).toEqual({ reached: 2, medianMinutes: 60, p90Minutes: 90 });
    expect(month?.bySeverity[2]?.stages.resolve).toEqual({ reached: 0 });
    // The quarter takes the sev1 from 40 days ago too, but not the sev2 from 100 days ago.
    expect(quarter?.incidents).toBe(6);
    expect(quarter?.bySeverity[0]?.stages.resolve).toEqual({ reached: 3, medianMinutes: 90, p90Minutes: 300 });
    expect(quarter?.bySeverity.map((s) => s.severity)).not.toContain('sev2');
  });

  it('counts incidents per week, the last week ending now', () => {
    const figures = computeResponseFigures([record(1, 'sev2', {}), record(6, 'sev2', {}), record(8, 'sev2', {}), record(200, 'sev2', {})], now, [30], 3);
    expect(figures.perWeek.map((w) => w.incidents)).toEqual([0, 1, 2]);
    expect(figures.perWeek.at(-1)?.end).toEqual(now);
  });
});

describe('the stages a change reaches', () => {
  it('acknowledges by a lead or any status change, and maps phases to stages', () => {
    expect(stagesReachedBy({ severity: 'sev1' })).toEqual([]);
    expect(stagesReachedBy({ roles: { scribe: 'U1' } })).toEqual([]);
    expect(stagesReachedBy({ roles: { lead: 'U1' } })).toEqual(['acknowledge']);
    expect(stagesReachedBy({ phase: 'investigating' })).toEqual(['acknowledge']);
    expect(stagesReachedBy({ phase: 'identified' })).toEqual(['acknowledge', 'identify']);
    // A later phase reaches the stages before it too, as the metrics count them.
    expect(stagesReachedBy({ phase: 'monitoring' })).toEqual(['acknowledge', 'identify', 'mitigate']);
    expect(stagesReachedBy({ phase: 'resolved' })).toEqual(['acknowledge', 'identify', 'mitigate', 'resolve']);
  });

  it('reads an incident recorded before the stages were, from its milestones and close', () => {
    const declaredAt = daysAgo(3);
    const record = responseRecord({ declaredAt, milestones: { investigating: declaredAt, monitoring: daysAgo(3, 30) }, roles: {}, closedAt: daysAgo(3, 50) });
    expect(record.reached).toEqual({ identify: daysAgo(3, 30), mitigate: daysAgo(3, 30), resolve: daysAgo(3, 50) });
  });
});
