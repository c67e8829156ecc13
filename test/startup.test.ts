import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** What an operator sees when a required variable is missing: one line, no stack, no secret, a failing exit code. */
describe('npm start with SLACK_SIGNING_SECRET missing', () => {
  it('prints one clear line naming the variable and exits non-zero', () => {
    const result = spawnSync('npm', ['start'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: 'xoxb-111-222-topsecretvalue',
        // Set but empty, so a developer's .env cannot fill it in.
        SLACK_SIGNING_SECRET: '',
      },
    });
    expect(result.status).not.toBe(0);
    const output = `${result.stdout}\n${result.stderr}`;
    // npm frames the run with its own "> script" and "npm error" lines; the rest is the bot's.
    const ours = output
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('>') && !line.startsWith('npm '));
    expect(ours).toEqual([
      "Configuration error: SLACK_SIGNING_SECRET is required (the app's Signing Secret, under Basic Information). See .env.example.",
    ]);
    expect(output).not.toContain('topsecretvalue');
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('npm start with a POSTMORTEM_TEMPLATE that names a missing field', () => {
  it('stops at startup with one line naming the template, before touching Slack', () => {
    const template = path.join(ROOT, 'test/golden/templates/broken/missing-field.md.hbs');
    const result = spawnSync('npm', ['start'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: 'xoxb-111-222-topsecretvalue',
        SLACK_SIGNING_SECRET: 'signing-secret-value',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
        POSTMORTEM_TEMPLATE: template,
      },
    });
    expect(result.status).not.toBe(0);
    const ours = `${result.stdout}\n${result.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('>') && !line.startsWith('npm '));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(new RegExp(`^incident bot failed to start: Postmortem template ${template.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be used: `));
  });
});
