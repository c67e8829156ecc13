import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Session } from '../../src/playground/protocol';
import { startPlayground, type PlaygroundProcess } from '../support/playgroundProcess';
import { launchBrowser, screenshot } from './browser';

const TEMPLATES = path.resolve(__dirname, '..', '..', 'templates');

/** A template author in the playground: POSTMORTEM_TEMPLATE edited, the draft re-made on each save, errors shown in place. */
describe('authoring the postmortem template in the playground', () => {
  let pg: PlaygroundProcess;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let template: string;
  const WAIT = { timeout: 30_000 };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'template-'));
    template = path.join(dir, 'postmortem.md.hbs');
    cpSync(path.join(TEMPLATES, 'postmortem.md.hbs'), template);
    cpSync(path.join(TEMPLATES, 'partials'), path.join(dir, 'partials'), { recursive: true });
    pg = await startPlayground({ POSTMORTEM_TEMPLATE: template });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (text: string) => {
    const box = page.getByTestId('message-box');
    await box.fill(text);
    await box.press('Enter');
  };

  it('re-drafts when the template file is saved, and shows a broken template’s error in the panel', async () => {
    const session = (await (await fetch(`${pg.url}/api/session`)).json()) as Session;
    expect(session.template?.path).toBe(template);
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(pg.url);
    await page.getByTestId('person-switcher').selectOption(session.people.find((p) => p.name === 'ada')?.id ?? '');
    await page.locator('[data-testid=channel-item][data-channel="general"]').click();
    await send('/incident start sev3 Search is slow');
    await page.locator('[data-testid=channel-item][data-channel="inc-1-search-is-slow"]').click();
    await send('/incident postmortem');
    await page.getByTestId('file-card').last().click();
    const panel = page.getByTestId('template-panel');
    await panel.getByTestId('template-path').filter({ hasText: template }).waitFor(WAIT);
    await panel.getByTestId('template-auto').check();

    const original = readFileSync(template, 'utf8');
    writeFileSync(template, `${original}\nReviewed by the SRE guild.\n`);
    await page.getByTestId('file-rendered').getByText('Reviewed by the SRE guild.').waitFor(WAIT);
    await panel.getByTestId('template-answer').filter({ hasText: 'Postmortem draft v2 posted' }).waitFor(WAIT);
    await screenshot(page, '7-template-redrafted');

    writeFileSync(template, `${original}\n{{#each timeline.entries}}\n`);
    await panel.getByTestId('template-answer').filter({ hasText: 'cannot be used' }).waitFor(WAIT);
    await screenshot(page, '8-template-error');
    // No draft came of it: the versions are still two.
    expect(await page.getByTestId('file-versions').locator('li').count()).toBe(2);
  });
});
