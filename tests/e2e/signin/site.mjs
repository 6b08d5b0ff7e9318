// The release site served with a config.json that signs in against the
// local identity provider and Graph stand-in (identity.mjs), in headless
// Chromium: what the sign-in, statuses and assessment tests share.
import { startServer, launch, open } from '../harness.mjs';
import { startIdentity, CLIENT_ID } from './identity.mjs';

/** Starts the browser, the site and the identity provider. */
export async function startSignInSite() {
  const browser = await launch();
  let config;
  const app = await startServer({
    routes: {
      '/config.json': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(config));
      },
    },
  });
  const idp = await startIdentity({ appOrigin: app.origin, redirectUris: [`${app.url}signin-redirect.html`] });
  config = {
    source: null,
    signIn: { clientId: CLIENT_ID, authority: idp.authority, graph: idp.graph, scopes: ['https://graph.microsoft.com/SecurityEvents.Read.All'], popupTimeoutMs: 5000 },
  };
  return {
    browser,
    app,
    idp,
    /** A fresh browser (own storage and Entra session) on the site. */
    open: async () => {
      const page = await open(browser, app.url, { ignoreHTTPSErrors: true });
      await page.getByTestId('score-current').first().waitFor();
      return page;
    },
    close: async () => {
      await browser.close();
      await app.close();
      await idp.close();
    },
  };
}

/** Clicks the first sign-in button and signs `who` in in its popup. */
export async function signIn(page, who) {
  const popup = page.waitForEvent('popup');
  await page.getByTestId('sign-in').first().click();
  const window = await popup;
  await window.locator('input[name=login]').fill(who);
  await window.locator('input[name=password]').fill('any password');
  await window.locator('button[type=submit]').click();
  await page.getByTestId('signed-in-as').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-progress"]'));
}
