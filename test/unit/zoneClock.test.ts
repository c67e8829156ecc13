import { TZDate, tzName } from '@date-fns/tz';
import { format } from 'date-fns';
import { ZoneClock } from '../../src/domain/zoneClock';

/** The memoized clock must say exactly what date-fns and @date-fns/tz say, minute by minute, across DST changes. */
describe('ZoneClock', () => {
  it.each([
    ['America/New_York', Date.UTC(2024, 2, 10, 4, 0)], // spring forward
    ['America/New_York', Date.UTC(2024, 10, 3, 3, 0)], // fall back
    ['Europe/Berlin', Date.UTC(2024, 9, 26, 22, 0)],
    ['Australia/Lord_Howe', Date.UTC(2024, 3, 6, 13, 0)], // a 30-minute shift
    ['Asia/Kolkata', Date.UTC(2024, 0, 1, 0, 0)],
  ])('%s agrees with date-fns every minute for 6 hours around %d', (zone, from) => {
    const clock = new ZoneClock(zone);
    for (let ms = from; ms < from + 6 * 3600_000; ms += 60_000) {
      const d = new Date(ms + 17_000);
      const expected = new TZDate(ms, zone);
      // Time-of-day and date patterns are memoized apart from whole-instant ones: all must agree.
      const patterns = ['yyyy-MM-dd h:mm a', 'h:mm a', 'MMMM d, yyyy', 'MMM d, h:mm a'];
      expect([...patterns.map((p) => clock.format(d, p)), clock.zoneName(d)]).toEqual([
        ...patterns.map((p) => format(expected, p)),
        tzName(zone, d, 'short'),
      ]);
    }
  });

  it('refuses an unknown zone', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(RangeError);
  });
});
