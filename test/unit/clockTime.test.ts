import { looksLikeClockTime, parseClockTime, resolveClockTime } from '../../src/domain/clockTime';

describe('parseClockTime', () => {
  it.each([
    ['9:05', { hour: 9, minute: 5 }],
    ['09:05', { hour: 9, minute: 5 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['0:00', { hour: 0, minute: 0 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['12:00', { hour: 12, minute: 0 }],
    ['9:05am', { hour: 9, minute: 5 }],
    ['9:05pm', { hour: 21, minute: 5 }],
    ['9:05 AM', { hour: 9, minute: 5 }],
    ['11:59 Pm', { hour: 23, minute: 59 }],
    ['12:00 am', { hour: 0, minute: 0 }],
    ['12:30am', { hour: 0, minute: 30 }],
    ['12:30pm', { hour: 12, minute: 30 }],
    ['1:00pm', { hour: 13, minute: 0 }],
    ['24:00', undefined],
    ['9:60', undefined],
    ['9:5', undefined],
    ['13:00pm', undefined],
    ['0:30am', undefined],
    ['930', undefined],
    ['9.30', undefined],
    ['9am', undefined],
    ['9:30 a.m.', undefined],
    ['9:30xm', undefined],
    ['', undefined],
  ])('%j', (token, expected) => {
    expect(parseClockTime(token)).toEqual(expected);
  });
});

describe('looksLikeClockTime', () => {
  it.each([
    ['25:00', true],
    ['9:75', true],
    ['9.30', true],
    ['9pm', true],
    ['09:30', true],
    ['930', false],
    ['v9.30', false],
    ['9', false],
    ['deploy', false],
  ])('%j → %j', (token, expected) => {
    expect(looksLikeClockTime(token)).toBe(expected);
  });
});

describe('resolveClockTime', () => {
  it.each([
    // zone, now (UTC), typed time, expected instant (UTC)
    ['earlier today', 'Europe/London', '2024-06-12T09:00:00Z', '09:30', '2024-06-12T08:30:00.000Z'],
    ['later than now: yesterday', 'Europe/London', '2024-06-12T09:00:00Z', '11:00', '2024-06-11T10:00:00.000Z'],
    ['equal to now: today', 'America/New_York', '2024-06-12T14:00:00Z', '10:00', '2024-06-12T14:00:00.000Z'],
    ['one minute after now: yesterday', 'America/New_York', '2024-06-12T14:00:00Z', '10:01', '2024-06-11T14:01:00.000Z'],
    ['just after midnight, late evening: previous day', 'Europe/Berlin', '2024-06-12T22:05:00Z', '23:50', '2024-06-12T21:50:00.000Z'],
    ['just after midnight, 00:01: today', 'Europe/Berlin', '2024-06-12T22:05:00Z', '00:01', '2024-06-12T22:01:00.000Z'],
    ['local day differs from the UTC day', 'Pacific/Auckland', '2024-06-12T11:30:00Z', '23:15', '2024-06-12T11:15:00.000Z'],
    ['UTC', 'UTC', '2024-01-01T00:10:00Z', '23:00', '2023-12-31T23:00:00.000Z'],
  ])('%s (%s)', (_label, zone, now, typed, expected) => {
    expect(resolveClockTime(clock(typed), new Date(now), zone).toISOString()).toBe(expected);
  });

  describe('across DST changes', () => {
    it.each([
      // New York springs forward 2024-03-10 02:00 EST → 03:00 EDT.
      ['NY: before the gap, EST', 'America/New_York', '2024-03-10T12:00:00Z', '01:30', '2024-03-10T06:30:00.000Z'],
      ['NY: in the gap → 03:30 EDT', 'America/New_York', '2024-03-10T12:00:00Z', '02:30', '2024-03-10T07:30:00.000Z'],
      ['NY: after the gap, EDT', 'America/New_York', '2024-03-10T12:00:00Z', '03:30', '2024-03-10T07:30:00.000Z'],
      ['NY: yesterday was still EST', 'America/New_York', '2024-03-10T12:00:00Z', '09:00', '2024-03-09T14:00:00.000Z'],
      ['NY: later time on the day after spring-forward resolves to the DST day', 'America/New_York', '2024-03-11T04:30:00Z', '23:00', '2024-03-11T03:00:00.000Z'],
      ['NY: gap substitute still to come → yesterday', 'America/New_York', '2024-03-10T07:10:00Z', '02:30', '2024-03-09T07:30:00.000Z'],
      // New York falls back 2024-11-03 02:00 EDT → 01:00 EST: 01:xx happens twice.
      ['NY: ambiguous → first (EDT)', 'America/New_York', '2024-11-03T12:00:00Z', '01:30', '2024-11-03T05:30:00.000Z'],
      ['NY: ambiguous, now in the repeat → first', 'America/New_York', '2024-11-03T06:15:00Z', '01:30', '2024-11-03T05:30:00.000Z'],
      ['NY: ambiguous, first still to come → yesterday', 'America/New_York', '2024-11-03T05:20:00Z', '01:30', '2024-11-02T05:30:00.000Z'],
      ['NY: before the change, EDT', 'America/New_York', '2024-11-03T12:00:00Z', '00:30', '2024-11-03T04:30:00.000Z'],
      ['NY: after the change, EST', 'America/New_York', '2024-11-03T12:00:00Z', '02:30', '2024-11-03T07:30:00.000Z'],
      // Berlin springs forward 2024-03-31 02:00 CET → 03:00 CEST and falls back 2024-10-27 03:00 CEST → 02:00 CET.
      ['Berlin: in the gap → 03:30 CEST', 'Europe/Berlin', '2024-03-31T10:00:00Z', '02:30', '2024-03-31T01:30:00.000Z'],
      ['Berlin: after the gap, CEST', 'Europe/Berlin', '2024-03-31T10:00:00Z', '09:00', '2024-03-31T07:00:00.000Z'],
      ['Berlin: ambiguous → first (CEST)', 'Europe/Berlin', '2024-10-27T10:00:00Z', '02:30', '2024-10-27T00:30:00.000Z'],
      ['Berlin: after the change, CET', 'Europe/Berlin', '2024-10-27T10:00:00Z', '03:00', '2024-10-27T02:00:00.000Z'],
      // Lord Howe moves by half an hour: the gap substitute moves by the same half hour.
      ['Lord Howe: 30-minute gap', 'Australia/Lord_Howe', '2024-10-06T01:00:00Z', '02:15', '2024-10-05T15:45:00.000Z'],
    ])('%s (%s)', (_label, zone, now, typed, expected) => {
      expect(resolveClockTime(clock(typed), new Date(now), zone).toISOString()).toBe(expected);
    });
  });

  it('never returns an instant after now', () => {
    const now = new Date('2024-11-03T05:59:00Z'); // 01:59 EDT, the first pass through 01:xx in New York
    for (let hour = 0; hour < 24; hour += 1) {
      for (const minute of [0, 29, 59]) {
        const resolved = resolveClockTime({ hour, minute }, now, 'America/New_York');
        expect(resolved.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - resolved.getTime()).toBeLessThan(25 * 60 * 60 * 1000);
      }
    }
  });

  it('refuses an unknown time zone', () => {
    expect(() => resolveClockTime({ hour: 9, minute: 0 }, new Date('2024-06-12T09:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

function clock(typed: string) {
  const time = parseClockTime(typed);
  if (!time) throw new Error(`test setup: ${typed} is not a clock time`);
  return time;
}
