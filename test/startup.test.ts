import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** Runs `npm start` as an operator would; returns the exit code, everything printed, and the bot's own lines. */
function npmStart(env: Record<string, string>) {
  const result = spawnSync('npm', ['start'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  // npm frames the run with its own "> script" and "npm error" lines; the rest is the bot's.
  const ours = output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('>') && !line.startsWith('npm '));
  return { status: result.status, output, ours };
}

describe('npm start', () => {
  it('with SLACK_SIGNING_SECRET missing prints one clear line naming the variable and exits non-zero', () => {
    // Set but empty, so a developer's .env cannot fill it in.
    const run = npmStart({ SLACK_BOT_TOKEN: 'xoxb-111-222-topsecretvalue', SLACK_SIGNING_SECRET: '' });
    expect(run.status).not.toBe(0);
    expect(run.ours).toEqual([
      "Configuration error: SLACK_SIGNING_SECRET is required (the app's Signing Secret, under Basic Information). See .env.example.",
    ]);
    expect(run.output).not.toContain('topsecretvalue');
    expect(run.output).not.toMatch(/^\s+at /m);
  });

  it('with a POSTMORTEM_TEMPLATE that names a missing field stops at startup, naming the template', () => {
    const template = path.join(ROOT, 'test/golden/templates/broken/missing-field.md.hbs');
    const run = npmStart({
      SLACK_BOT_TOKEN: 'xoxb-111-222-topsecretvalue',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      POSTMORTEM_TEMPLATE: template,
    });
    expect(run.status).not.toBe(0);
    expect(run.ours).toHaveLength(1);
    expect(run.ours[0]?.startsWith(`incident bot failed to start: Postmortem template ${template} cannot be used: `)).toBe(true);
    expect(run.output).not.toContain('topsecretvalue');
  });
});
