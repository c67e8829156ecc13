// A real browser for the browser tests: Debian's Chromium (installed by .ci/run), driven by playwright-core,
// which takes the browser's path and downloads nothing. CHROMIUM_PATH names another build.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Where the test run saves its screenshots (kept out of git). */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error(`no Chromium found (${CANDIDATES.join(', ')}): install it (apt-get install chromium) or set CHROMIUM_PATH`);
  // As root, Chromium runs only without its sandbox.
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
