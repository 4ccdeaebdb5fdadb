import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { EMBEDDABLE_REDIRECT, SAMPLE_LOGINS } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const haveChromium = chromiumAvailable('the headless-browser OAuth test');

(haveChromium ? describe : describe.skip)('OAuth sign-in in a real headless Chromium', () => {
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

  it('opens the manifest authUrl as the client does, signs in and consents, and the callback yields a session', async () => {
    const manifest = (await t.http.get('/crmManifest').expect(200)).body;
    const { authUrl, clientId, scope } = manifest.platforms['sample-crm'].auth.oauth;
    const popupUrl =
      `${authUrl.replace('http://crm-bridge.test', t.url)}?response_type=code&client_id=${clientId}` +
      `&${scope}&state=platform=sample-crm&redirect_uri=${encodeURIComponent(manifest.redirectUri)}`;

    const context = await browser.newContext();
    const page = await context.newPage();
    // The Embeddable redirect page is on the internet; the client only reads its URL.
    await page.route(`${EMBEDDABLE_REDIRECT}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>redirect page</p>' }),
    );
    await page.goto(popupUrl);
    await page.fill('#email', SAMPLE_LOGINS.alice.email);
    await page.fill('#password', SAMPLE_LOGINS.alice.password);
    await page.click('#sign-in');
    await page.click('#approve');
    await page.waitForURL((url) => url.href.startsWith(EMBEDDABLE_REDIRECT));
    const captured = page.url();
    await context.close();

    expect(new URL(captured).searchParams.get('code')).toBeTruthy();
    const res = await t.http
      .get(`/oauth-callback?callbackUri=${captured}&hostname=app.example`)
      .expect(200);
    expect(res.body).toMatchObject({
      successful: true,
      name: 'Alice Example',
      jwtToken: expect.any(String),
    });
    const lookup = await t.http
      .get(`/contact?jwtToken=${res.body.jwtToken}&phoneNumber=+14155550100`)
      .expect(200);
    expect(lookup.body.contact[0].name).toBe('Jane Doe');
  });
});
