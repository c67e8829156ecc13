import path from 'node:path';
import { ConfigError, parseConfig } from '../../src/config';

const base = { SLACK_BOT_TOKEN: 'xoxb-123-456-abc', SLACK_SIGNING_SECRET: 'secret-value-123' };

describe('parseConfig', () => {
  it('applies the documented defaults and freezes the result', () => {
    const config = parseConfig(base);
    expect(config).toMatchObject({ port: 3000, timezone: 'UTC', channelPrefix: 'inc', timelineEmoji: 'pushpin', mongodbUri: undefined });
    expect(config.slack.appToken).toBeUndefined();
    expect(Object.isFrozen(config) && Object.isFrozen(config.slack)).toBe(true);
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: 'secret-value-123' }, /^SLACK_BOT_TOKEN is required/],
    [{ ...base, SLACK_SIGNING_SECRET: ' ' }, /^SLACK_SIGNING_SECRET is required/],
    [{ ...base, PORT: 'eighty' }, /^PORT must be a port number/],
    [{ ...base, INCIDENT_TIMEZONE: 'Mars/Olympus' }, /^INCIDENT_TIMEZONE must be an IANA time zone/],
    [{ ...base, INCIDENT_CHANNEL_PREFIX: 'Inc!' }, /^INCIDENT_CHANNEL_PREFIX must be/],
    [{ ...base, MONGODB_URI: 'postgres://x' }, /^MONGODB_URI must be a mongodb:\/\//],
    [{ ...base, SLACK_APP_TOKEN: 'xoxb-wrong' }, /^SLACK_APP_TOKEN must be an app-level token/],
    [{ ...base, ANNOUNCEMENTS_CHANNEL: '#incidents' }, /^ANNOUNCEMENTS_CHANNEL must be a channel ID/],
    [{ ...base, REMINDER_MINUTES: '0' }, /^REMINDER_MINUTES must be at least 1/],
    [{ ...base, TIMELINE_REACTIONS: 'fire=boom' }, /^TIMELINE_REACTIONS must be a comma-separated list of emoji=category/],
    [{ ...base, ALLOW_EXTERNAL_USERS: 'yes' }, /^ALLOW_EXTERNAL_USERS must be true or false/],
  ])('names the variable at fault: %j', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('keeps people of other organizations from running incidents unless ALLOW_EXTERNAL_USERS=true', () => {
    expect(parseConfig(base).allowExternalUsers).toBe(false);
    expect(parseConfig({ ...base, ALLOW_EXTERNAL_USERS: 'true' }).allowExternalUsers).toBe(true);
    expect(parseConfig({ ...base, ALLOW_EXTERNAL_USERS: 'false' }).allowExternalUsers).toBe(false);
  });

  it('places the embedded database in DATA_DIR, as an absolute path, or leaves the default to the launcher', () => {
    expect(parseConfig({ ...base, DATA_DIR: 'var/bot-data' }).dataDir).toBe(path.resolve('var/bot-data'));
    expect(parseConfig({ ...base, DATA_DIR: '  ' }).dataDir).toBeUndefined();
  });

  it('never puts a secret in its message', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_SIGNING_SECRET: 'secret-value-123' };
    expect(() => parseConfig(env)).toThrow(/^SLACK_BOT_TOKEN must be a bot token/);
    try {
      parseConfig(env);
    } catch (err) {
      expect(String(err)).not.toContain('xoxp-user-token-secret');
    }
  });

  it('adds TIMELINE_REACTIONS to the default reactions, TIMELINE_EMOJI being the plain entry', () => {
    const config = parseConfig({ ...base, TIMELINE_EMOJI: 'round_pushpin', TIMELINE_REACTIONS: 'fire=detection, eyes=investigation' });
    expect(config.reactionKinds).toMatchObject({ round_pushpin: 'note', fire: 'detection', eyes: 'investigation', x: 'dead_end', memo: 'follow_up' });
    expect(config.reactionKinds.pushpin).toBeUndefined();
  });

  it('accepts :emoji: and an API URL without its trailing slash', () => {
    const config = parseConfig({ ...base, TIMELINE_EMOJI: ':round_pushpin:', SLACK_API_URL: 'https://slack.example.gov/api' });
    expect(config.timelineEmoji).toBe('round_pushpin');
    expect(config.slack.apiUrl).toBe('https://slack.example.gov/api/');
  });
});
