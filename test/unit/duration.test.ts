import { durationInWords, minutesBetween } from '../../src/domain/duration';

describe('durations in words', () => {
  it.each([
    [0, 'less than a minute'],
    [1, '1 minute'],
    [60, '1 hour'],
    [165, '2 hours and 45 minutes'],
    [1440 + 185, '1 day, 3 hours and 5 minutes'],
    [2 * 1440, '2 days'],
    [1440 + 1, '1 day and 1 minute'],
  ])('%i minutes → %s', (minutes, words) => {
    expect(durationInWords(minutes)).toBe(words);
  });

  it('measures between the minutes shown on the clock', () => {
    // 10:00:59 → 12:45:00 is shown as 10:00 → 12:45: 2 h 45 min, not 2 h 44 min.
    expect(minutesBetween(new Date('2024-07-10T14:00:59Z'), new Date('2024-07-10T16:45:00Z'))).toBe(165);
    expect(minutesBetween(new Date('2024-07-10T14:00:00Z'), new Date('2024-07-10T13:00:00Z'))).toBe(0);
  });
});
