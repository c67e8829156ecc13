import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, whichSlack } from '../../src/config';
import { DRILLS_DIR, loadDrills, parseDrill } from '../../src/playground/drills';

describe('which Slack the bot talks to', () => {
  it('is the built-in local Slack when no credentials are set outside production', () => {
    expect(whichSlack({})).toBe('local');
    expect(whichSlack({ SLACK_BOT_TOKEN: '  ', NODE_ENV: 'development' })).toBe('local');
  });

  it('is a workspace as soon as any credential is set, in production, or with PLAYGROUND=0', () => {
    expect(whichSlack({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe('workspace');
    expect(whichSlack({ SLACK_SIGNING_SECRET: 'secret' })).toBe('workspace');
    expect(whichSlack({ SLACK_APP_TOKEN: 'xapp-1' })).toBe('workspace');
    expect(whichSlack({ NODE_ENV: 'production' })).toBe('workspace');
    expect(whichSlack({ PLAYGROUND: '0' })).toBe('workspace');
  });

  it('is the local Slack with PLAYGROUND=1 whatever else is set, and refuses any other PLAYGROUND', () => {
    expect(whichSlack({ PLAYGROUND: '1', SLACK_BOT_TOKEN: 'xoxb-1', NODE_ENV: 'production' })).toBe('local');
    expect(() => whichSlack({ PLAYGROUND: 'true' })).toThrow(ConfigError);
  });
});

describe('drill files', () => {
  it('loads every bundled drill without a problem', () => {
    const { drills, problems } = loadDrills();
    expect(problems).toEqual([]);
    expect(drills.map((d) => d.id)).toContain('payments-bad-deploy');
    const bundled = parseDrill('payments-bad-deploy', readFileSync(path.join(DRILLS_DIR, 'payments-bad-deploy.yml'), 'utf8'));
    // Every category of the timeline is played, as the playground promises.
    expect(new Set(bundled.steps.flatMap((s) => (s.react ? [s.react] : [])))).toEqual(new Set(['eyes', 'rotating_light', 'mag', 'x', 'arrow_up', 'bulb', 'wrench', 'white_check_mark']));
  });

  const drill = (steps: string) => `title: T\nsteps:\n${steps}`;

  it('refuses a step with two things to do, an unknown reference, a time going back, and a bad time', () => {
    expect(() => parseDrill('d', drill('  - { at: "0:00", by: ada, say: hi, command: list }'))).toThrow('drill d: steps.0 needs exactly one of say, alert, react, command (has say, command)');
    expect(() => parseDrill('d', drill('  - { at: "0:00", by: ada, react: x, on: nothing }'))).toThrow('step 1 refers to "nothing", which no earlier step names');
    expect(() => parseDrill('d', drill('  - { at: "1:00", by: ada, say: a }\n  - { at: "0:30", by: ada, say: b }'))).toThrow('step 2 comes before step 1');
    expect(() => parseDrill('d', drill('  - { at: "90", by: ada, say: a }'))).toThrow('steps.0.at must be minutes:seconds');
    expect(() => parseDrill('d', drill('  - { at: "0:00", by: ada, say: a, colour: red }'))).toThrow(/steps\.0/);
  });
});
