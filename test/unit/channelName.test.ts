import { incidentChannelName, slugify } from '../../src/domain/channelName';

describe('incident channel names', () => {
  it('builds <prefix>-<n>-<slug> from the title', () => {
    expect(incidentChannelName('inc', 12, 'Checkout API: 500s for EU!')).toBe('inc-12-checkout-api-500s-for-eu');
  });
  it('drops accents and mentions, and falls back to "incident" for emoji-only titles', () => {
    expect(slugify('Café <!channel> réseau')).toBe('cafe-reseau');
    expect(slugify('🔥🔥🔥')).toBe('incident');
    expect(slugify('   ')).toBe('incident');
  });
  it('keeps slugs to 50 characters without a trailing dash, and names to 80', () => {
    const slug = slugify('a'.repeat(49) + ' bcd');
    expect(slug).toBe('a'.repeat(49));
    const name = incidentChannelName('a-very-long-prefix-xx', 123456, 'word '.repeat(40), 10);
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[a-z0-9_-]+-10$/);
  });
  it('adds a suffix when a name is taken', () => {
    expect(incidentChannelName('inc', 1, 'DB down', 2)).toBe('inc-1-db-down-2');
  });
  it('slugs a title of 40,000 unclosed < in one pass, and still drops markup after them', () => {
    expect(slugify('<'.repeat(40_000))).toBe('incident');
    expect(slugify(`${'<'.repeat(40_000)}db <@U1> down`)).toBe('db-down');
  });
});
