// Sign in with Microsoft, end to end: the release site in headless
// Chromium, Microsoft's msal-browser, a real OpenID Connect provider on
// 127.0.0.1 (HTTPS) and a Graph stand-in that checks every token
// (tests/e2e/signin/identity.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, open, valueOf } from './harness.mjs';
import { startIdentity, ACCOUNTS, CLIENT_ID } from './signin/identity.mjs';

let browser;
let app;
let idp;
let config;

before(async () => {
  browser = await launch();
  app = await startServer({
    routes: {
      '/config.json': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(config));
      },
    },
  });
  idp = await startIdentity({ appOrigin: app.origin, redirectUris: [`${app.url}signin-redirect.html`] });
  config = {
    source: null,
    signIn: { clientId: CLIENT_ID, authority: idp.authority, graph: idp.graph, scopes: ['https://graph.microsoft.com/SecurityEvents.Read.All'] },
  };
});

after(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
});

/** Resets what the provider and Graph answer. */
function reset() {
  Object.assign(idp.control, { authError: null, tokenError: null, claims: null, accessTokenTtl: 3600 });
  idp.control.revoked.clear();
  idp.graphRequests.length = 0;
}

/** Opens the app with the local provider's certificate accepted. */
async function openApp(options = {}) {
  reset();
  const page = await open(browser, app.url, { ignoreHTTPSErrors: true, ...options });
  await page.getByTestId('score-current').first().waitFor();
  return page;
}

/** Fills the provider's login form in `popup` (or the page, for a redirect). */
async function login(target, login) {
  await target.locator('input[name=login]').fill(login);
  await target.locator('input[name=password]').fill('any password');
  await target.locator('button[type=submit]').click();
}

/** Clicks `button` and signs `who` in in the popup it opens. */
async function signInWithPopup(page, button, who) {
  const popup = page.waitForEvent('popup');
  await button.click();
  await login(await popup, who);
}

/** The newest reported score the Graph stand-in serves for `login`'s tenant. */
function newestScore(who) {
  return idp.tenant(ACCOUNTS[who].tid).scores[0].currentScore;
}

async function waitForScore(page, value) {
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="score-current"]')?.dataset.value) === v, value);
}

test('an admin signs in with Microsoft and sees the tenant\'s reported score, named, with no file and no token pasted', async () => {
  const page = await openApp();
  await page.getByTestId('demo-banner').waitFor();
  const msal = () => app.requests.filter((r) => r.path.endsWith('msal-browser.min.js')).length;
  assert.equal(msal(), 0, 'MSAL is not downloaded before the click');

  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
  const who = page.getByTestId('signed-in-as');
  await who.waitFor();
  assert.equal(await who.textContent(), 'admin@contoso.example');
  assert.equal(await who.getAttribute('data-tenant'), ACCOUNTS['admin@contoso.example'].tid);
  await waitForScore(page, newestScore('admin@contoso.example'));
  assert.equal(msal(), 1, 'MSAL is downloaded once, when signing in');
  await page.getByText('Contoso Ltd').first().waitFor();
  assert.equal(await page.getByTestId('demo-banner').count(), 0);

  // Graph saw a valid token on every read: 90 days of scores in pages, the
  // control profiles, the organization's name.
  const paths = idp.graphRequests.map((r) => `${r.status} ${decodeURIComponent(r.path)}`);
  assert.ok(paths.includes('200 /v1.0/security/secureScores?$top=90'), paths.join('\n'));
  assert.ok(paths.some((p) => p.startsWith('200 /v1.0/security/secureScores?$top=90&$skiptoken=')), paths.join('\n'));
  assert.ok(paths.includes('200 /v1.0/security/secureScoreControlProfiles'), paths.join('\n'));
  assert.ok(paths.includes('200 /v1.0/organization'), paths.join('\n'));
  assert.ok(idp.graphRequests.every((r) => r.claims?.scp.includes('SecurityEvents.Read.All')));

  // The history is the last 90 days, and the actions have their titles.
  await page.getByTestId('nav-analyzer').click();
  await page.getByTestId('analyzer-day').first().waitFor();
  const dates = await page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
  assert.equal(dates.length, 90);
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  assert.equal(dates.at(-1), yesterday);
  await page.getByTestId('nav-actions').click();
  await page.getByText('Require MFA for administrative roles').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
