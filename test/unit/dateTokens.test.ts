import { slackDate } from '../../src/slack/dateTokens';
import { asFallback, asShownTo } from '../../src/localSlack/dateTokens';

describe('times on Slack surfaces', () => {
  const at = new Date('2024-03-05T08:30:00Z');

  it('are Slack date tokens that each reader sees in their own zone', () => {
    const text = `Added to the timeline at ${slackDate(at, 'Europe/Berlin')}.`;
    expect(text).toBe('Added to the timeline at <!date^1709627400^{date_short_pretty} {time}|Mar 5, 9:30 AM GMT+1>.');
    expect(asShownTo(text, 'America/New_York', new Date('2024-03-10T12:00:00Z'))).toBe('Added to the timeline at Mar 5 3:30 AM.');
    expect(asShownTo(text, 'Asia/Tokyo', new Date('2024-03-05T12:00:00Z'))).toBe('Added to the timeline at Today 5:30 PM.');
  });

  it('fall back to the incident zone where Slack does not render them', () => {
    expect(asFallback(`at ${slackDate(at, 'America/New_York')}`)).toBe('at Mar 5, 3:30 AM EST');
  });

  it('keep the fallback free of characters that would end the token', () => {
    expect(slackDate(at, 'UTC')).toMatch(/^<!date\^\d+\^[^|]+\|[^|<>]+>$/);
  });
});
