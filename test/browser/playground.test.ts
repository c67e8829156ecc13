import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Session } from '../../src/playground/protocol';
import { startPlayground, type PlaygroundProcess } from '../support/playgroundProcess';
import { launchBrowser, screenshot } from './browser';

/**
 * The playground in a real browser, as a newcomer uses it: everything asserted is what the page shows.
 * Screenshots of the main views go to test-output/screenshots.
 */
describe('the playground in a browser', () => {
  let pg: PlaygroundProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let session: Session;
  const WAIT = { timeout: 30_000 };

  beforeAll(async () => {
    pg = await startPlayground();
    session = (await (await fetch(`${pg.url}/api/session`)).json()) as Session;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await page.goto(pg.url);
    await page.getByTestId('message-box').waitFor(WAIT);
  });
  afterEach(() => context?.close());

  const idOf = (name: string) => session.people.find((p) => p.name === name)?.id ?? '';
  const actAs = (name: string) => page.getByTestId('person-switcher').selectOption(idOf(name));
  const open = (channel: string) => page.locator(`[data-testid=channel-item][data-channel="${channel}"]`).click();
  const send = async (text: string) => {
    const box = page.getByTestId('message-box');
    await box.fill(text);
    await box.press('Enter');
  };
  const message = (text: string): Locator => page.getByTestId('message-list').getByTestId('message').filter({ hasText: text }).last();
  /**
   * Clicks one of a message's hover actions, as a person does: point at the message, then at the action. A live
   * update can move the message from under the pointer in between, so the pointing is tried again.
   */
  const hoverAction = async (m: Locator, testId: string) => {
    for (let attempt = 1; ; attempt++) {
      await m.hover();
      try {
        return await m.getByTestId(testId).click({ timeout: 3000 });
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
  };
  const react = async (text: string, emoji: string) => {
    await hoverAction(message(text), 'react-button');
    await page.getByTestId('reaction-picker').locator(`[data-reaction="${emoji}"]`).first().click();
  };
  const modal = () => page.getByTestId('modal');
  /** The declaration's time as the bot wrote it in the summary's date token (unix seconds). */
  const summaryDeclaredAt = async () => {
    const channels = (await (await fetch(`${pg.url}/api/conversations?as=${idOf('ada')}`)).json()) as Array<{ id: string; name: string }>;
    const id = channels.find((c) => c.name.startsWith('inc-1-'))?.id;
    const conversation = (await (await fetch(`${pg.url}/api/conversations/${id}?as=${idOf('ada')}`)).json()) as { messages: Array<{ blocks?: unknown }> };
    const token = /\*Declared\*\\n<!date\^(\d+)\^/.exec(JSON.stringify(conversation.messages.map((m) => m.blocks)));
    if (!token) throw new Error('no date token in the summary');
    return Number(token[1]);
  };
  /** "Declared … 10:15 PM by" as a reader in `zone` sees it (the day word aside: Today, or Yesterday near midnight). */
  const declaredIn = (seconds: number, zone: string) =>
    new RegExp(`Declared\\s*\\w+ ${new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(new Date(seconds * 1000))} by`);

  it('runs an incident: declare, talk as two people, mark messages, the summary buttons, the shortcut, App Home, close and the draft', async () => {
    await actAs('ada');
    await open('general');
    await send('/incident start sev2 Checkout is down');
    await page.getByTestId('ephemeral').filter({ hasText: 'Incident #1 declared' }).waitFor(WAIT);
    await open('inc-1-checkout-is-down');
    // The pinned summary (the topic message names the incident too).
    const summary = page.getByTestId('message-list').getByTestId('message').filter({ hasText: 'Incident #1: Checkout is down' }).filter({ hasText: 'Declared' });
    await summary.waitFor(WAIT);
    await page.getByTestId('pin-bar').waitFor(WAIT);
    await screenshot(page, '1-incident-channel');

    await send('Checkout returns 502 for everyone since 10:02');
    // The summary's date tokens read in each person's own zone: Ada's London, then Ben's New York.
    const declaredAt = await summaryDeclaredAt();
    await summary.filter({ hasText: declaredIn(declaredAt, 'Europe/London') }).waitFor(WAIT);
    await actAs('ben');
    await summary.filter({ hasText: declaredIn(declaredAt, 'America/New_York') }).waitFor(WAIT);
    await page.getByTestId('join-channel').click();
    await send('The payments pool is exhausted after the 10:00 deploy');
    await react('Checkout returns 502', 'pushpin');
    await react('The payments pool is exhausted', 'bulb');
    await message('Checkout returns 502').locator('[data-reaction="pushpin"]').waitFor(WAIT);

    // Ben edits his message (the draft later carries the edit), answers in its thread, reacts with an emoji by
    // name, and deletes a message posted by mistake.
    await hoverAction(message('The payments pool is exhausted'), 'more-actions');
    await page.getByTestId('menu-edit').click();
    await page.getByTestId('edit-box').fill('The payments pool is exhausted after the 10:00 deploy (pool size 4)');
    await page.getByTestId('edit-box').press('Enter');
    await message('(pool size 4)').filter({ hasText: '(edited)' }).waitFor(WAIT);
    await hoverAction(message('(pool size 4)'), 'reply-button');
    const replyBox = page.getByTestId('thread-box');
    await replyBox.fill('Pool size came from the SDK bump');
    await replyBox.press('Enter');
    await page.getByTestId('thread-pane').getByText('Pool size came from the SDK bump').waitFor(WAIT);
    await message('(pool size 4)').getByText('1 reply').waitFor(WAIT);
    await page.getByTestId('close-thread').click();
    await hoverAction(message('(pool size 4)'), 'react-button');
    const byName = page.getByTestId('reaction-picker').getByPlaceholder(/Any emoji by name/);
    await byName.fill('heavy_check_mark');
    await byName.press('Enter');
    await message('(pool size 4)').locator('[data-reaction="heavy_check_mark"]').waitFor(WAIT);
    await send('wrong channel, sorry');
    page.once('dialog', (d) => void d.accept());
    await hoverAction(message('wrong channel, sorry'), 'more-actions');
    await page.getByTestId('menu-delete').click();
    await message('wrong channel, sorry').waitFor({ state: 'detached', ...WAIT });

    // A member uses a summary button: the form, then the change on the pinned summary.
    await summary.getByRole('button', { name: 'Change status' }).click();
    await modal().getByLabel('Status').selectOption('identified');
    await screenshot(page, '2-summary-button-form');
    await modal().getByTestId('modal-submit').click();
    await summary.filter({ hasText: 'Identified' }).waitFor(WAIT);

    // Someone not in the channel is refused, and nothing opens.
    await actAs('chen');
    await summary.getByRole('button', { name: 'Change severity' }).click();
    await page.getByTestId('ephemeral').filter({ hasText: 'Only members of' }).waitFor(WAIT);
    expect(await modal().count()).toBe(0);

    // The message shortcut, from the alert in #alerts.
    await actAs('ada');
    await open('alerts');
    await hoverAction(message('payments-api 5xx rate above 5%'), 'more-actions');
    await page.getByRole('menuitem', { name: 'Add to incident timeline' }).click();
    await modal().waitFor(WAIT);
    // Outside an incident channel nothing is preselected: the open incidents Ada may see are offered.
    await modal().getByLabel('Incident').selectOption({ index: 1 });
    await modal().getByLabel('What is it?').selectOption('detection');
    await screenshot(page, '3-shortcut-form');
    await modal().getByTestId('modal-submit').click();
    await page.getByTestId('ephemeral').filter({ hasText: 'incident #1' }).waitFor(WAIT);

    // App Home lists the open incident.
    await page.getByTestId('home-entry').click();
    await page.getByTestId('app-home').filter({ hasText: 'Checkout is down' }).waitFor(WAIT);
    await screenshot(page, '4-app-home');

    // Close; the draft is posted as a file and reads as a postmortem.
    await open('inc-1-checkout-is-down');
    await send('/incident close Rolled back the 10:00 deploy');
    const card = page.getByTestId('file-card').last();
    await card.waitFor(WAIT);
    await card.click();
    const viewer = page.getByTestId('file-viewer');
    const rendered = viewer.getByTestId('file-rendered');
    await rendered.getByRole('heading', { name: /Checkout is down/ }).first().waitFor(WAIT);
    for (const words of ['Checkout returns 502 for everyone since 10:02', 'The payments pool is exhausted after the 10:00 deploy (pool size 4)', 'payments-api 5xx rate above 5%', 'Rolled back the 10:00 deploy']) {
      await rendered.getByText(words).first().waitFor(WAIT);
    }
    await screenshot(page, '5-postmortem-draft');
    await viewer.getByTestId('tab-raw').click();
    expect(await viewer.getByTestId('file-raw').textContent()).toMatch(/^# /);
  });

  it('plays the bundled drill end to end: its incident, its messages and its draft', async () => {
    page.on('dialog', (d) => void d.accept());
    await page.getByTestId('reset').click();
    await page.locator('[data-testid=channel-item][data-channel^="inc-"]').first().waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('drill-toggle').click();
    await page.getByTestId('drill-menu').getByTestId('drill-speed-120').click();
    await page.getByTestId('drill-menu').locator('[data-drill="payments-bad-deploy"]').click();
    await page.getByTestId('drill-progress').filter({ hasText: /Done/ }).waitFor({ timeout: 90_000 });
    await open('inc-1-card-payments-failing-for-some-customers');
    await message('Ledger DB CPU is at 40%').waitFor(WAIT);
    await screenshot(page, '6-drill-channel');
    await page.getByTestId('file-card').last().click();
    await page.getByTestId('file-rendered').getByText('Rolling back deploy 4411').first().waitFor(WAIT);
  });
});
