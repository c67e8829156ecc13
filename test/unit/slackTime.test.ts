import { isSlackTs, slackTsToDate } from '../../src/domain/slackTime';

describe('Slack timestamps', () => {
  it('are the message time to the millisecond', () => {
    expect(slackTsToDate('1720620020.123456').toISOString()).toBe('2024-07-10T14:00:20.123Z');
    expect(slackTsToDate('1720620020.5').toISOString()).toBe('2024-07-10T14:00:20.500Z');
  });
  it('are checked, not trusted', () => {
    expect(isSlackTs('1720620020.123456')).toBe(true);
    expect(isSlackTs('abc')).toBe(false);
    expect(() => slackTsToDate('1720620020')).toThrow(RangeError);
  });
});
