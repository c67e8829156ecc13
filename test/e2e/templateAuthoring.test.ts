import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Channel, User } from '../../src/localSlack/standInModel';
import { startTestApp, type TestApp } from '../support/testApp';

const TEMPLATES = path.resolve(__dirname, '..', '..', 'templates');

/** A template author at work: POSTMORTEM_TEMPLATE edited while the bot runs, re-drafted with /incident postmortem. */
describe('postmortem template authoring', () => {
  let t: TestApp;
  let dir: string;
  let template: string;
  let kim: User;
  let channel: Channel;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'template-'));
    template = path.join(dir, 'postmortem.md.hbs');
    cpSync(path.join(TEMPLATES, 'postmortem.md.hbs'), template);
    cpSync(path.join(TEMPLATES, 'partials'), path.join(dir, 'partials'), { recursive: true });
    t = await startTestApp({ label: 'template', env: { POSTMORTEM_TEMPLATE: template } });
    kim = t.standIn.addUser({ name: 'kim', realName: 'Kim Kato' });
    const general = t.standIn.addChannel({ name: 'general', members: [kim.id] });
    await (await t.command(kim.id, general.id, 'start sev2 Orders API timeouts')).nextResponse();
    const found = t.standIn.channelByName('inc-1-orders-api-timeouts');
    if (!found) throw new Error('no incident channel');
    channel = found;
  });
  afterEach(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Saves the template as an editor does: the file's time is the time of the save. */
  const save = (text: string) => writeFileSync(template, text);
  const redraft = async () => {
    const res = await t.command(kim.id, channel.id, 'postmortem');
    return (await res.nextResponse(15_000)).text ?? '';
  };
  const uploads = () => t.standIn.files.filter((f) => f.completed);

  it('uses an edited template at once, refuses a broken one with its error and no draft, and drafts again once it is fixed', async () => {
    expect(await redraft()).toBe('Postmortem draft v1 posted in the channel.');
    const original = readFileSync(template, 'utf8');

    save(`${original}\nReviewed by the SRE guild.\n`);
    expect(await redraft()).toBe('Postmortem draft v2 posted in the channel.');
    expect(uploads().at(-1)?.content.toString('utf8')).toContain('Reviewed by the SRE guild.');

    save(`${original}\n{{#each timeline.entries}}\n`);
    const refused = await redraft();
    expect(refused).toContain('No postmortem draft for incident #1: the template `postmortem.md.hbs` was changed and cannot be used');
    expect(refused).toContain('Fix it and run `/incident postmortem` again.');
    expect(uploads()).toHaveLength(2);

    save(original);
    expect(await redraft()).toBe('Postmortem draft v3 posted in the channel.');
    expect(uploads()[2]?.content.toString('utf8')).not.toContain('Reviewed by the SRE guild.');
    // Unchanged since: the usual one draft a minute.
    expect(await redraft()).toMatch(/^A draft of incident #1 was made moments ago/);
  });
});
