import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const haveChromium = chromiumAvailable('the Swagger UI browser test');

/**
 * The OpenAPI UI in a real headless Chromium: its own CSP (scripts from self only) must let it
 * render every route, with nothing refused in the console.
 */
(haveChromium ? describe : describe.skip)('/docs in a real headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the routes from /docs-json without a CSP violation or script error', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.url}/docs`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.opblock-summary-path');
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    await page.close();

    expect(paths).toEqual(expect.arrayContaining(['/contact', '/callLog', '/messageLog']));
    expect(problems).toEqual([]);
  });
});
