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
let minted;

before(async () => {
  browser = await launch();
  const html = (body, headers = {}) => (req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }); res.end(body); };
  app = await startServer({
    routes: {
      '/config.json': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(config));
      },
      // A portal page that embeds the app and signs in itself, under the
      // strictest policy the README gives (no inline script).
      '/host-csp.html': (req, res) => html(`<!doctype html><html><head><title>Portal</title>
        <script type="module" src="/embed.js"></script></head><body>
        <div id="secure-score" data-client-id="${CLIENT_ID}" data-authority="${idp.authority}" data-graph="${idp.graph}"></div></body></html>`,
      { 'content-security-policy': `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${idp.authority} ${idp.graph}; frame-src 'self' ${idp.authority}` })(req, res),
      // A portal that has a token already and hands the instance a provider.
      '/host-provider.html': (req, res) => html(`<!doctype html><html><head><title>Portal</title>
        <script src="/host-provider.js"></script><script type="module" src="/embed.js"></script></head><body>
        <div id="secure-score" data-graph="${idp.graph}"></div></body></html>`)(req, res),
      '/host-provider.js': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(`window.asked = [];
          document.addEventListener('DOMContentLoaded', () => {
            document.getElementById('secure-score').secureScoreTokenProvider = async (scopes, options) => {
              window.asked.push({ scopes, options });
              return (await fetch('/mint')).text();
            };
          });`);
      },
      '/mint': async (req, res) => { minted = await idp.mint('admin@contoso.example'); res.writeHead(200); res.end(minted); },
    },
  });
  idp = await startIdentity({ appOrigin: app.origin, redirectUris: [`${app.url}signin-redirect.html`] });
  config = {
    source: null,
    signIn: {
      clientId: CLIENT_ID, authority: idp.authority, graph: idp.graph, scopes: ['https://graph.microsoft.com/SecurityEvents.Read.All'],
      // A closed sign-in window is noticed when this runs out (MSAL cannot see it close).
      popupTimeoutMs: 3000,
    },
  };
});

after(async () => {
  await browser?.close();
  await app?.close();
  await idp?.close();
});

/** Resets what the provider and Graph answer. */
function reset() {
  Object.assign(idp.control, { authError: null, tokenError: null, tokenDown: false, accessTokenTtl: 3600 });
  idp.control.revoked.clear();
  idp.control.challenged.clear();
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

/** Waits for the sign-in alert of `kind`; on a timeout, says what it shows. */
async function waitForTrouble(page, kind) {
  try {
    await page.waitForFunction((k) => document.querySelector('[data-testid="sign-in-error"]')?.dataset.kind === k, kind, { timeout: 15000 });
  } catch {
    const alert = page.getByTestId('sign-in-error');
    const shown = (await alert.count()) ? `${await alert.getAttribute('data-kind')}: ${await alert.textContent()}` : 'no sign-in alert';
    throw new Error(`expected the ${kind} alert, the page shows ${shown}`);
  }
}

/** Waits (polling, up to 5 s) until `condition` holds in the test process. */
async function until(condition, what) {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) return;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Waits until no read or import is in progress. */
async function idle(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="source-progress"]'));
}

async function waitForScore(page, value) {
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="score-current"]')?.dataset.value) === v, value);
}

test('an admin signs in with Microsoft and sees the tenant\'s reported score, named, with no file and no token pasted', async () => {
  const page = await openApp();
  await page.getByTestId('demo-banner').waitFor();
  const msal = () => app.requests.filter((r) => /\/msal-browser\.min-[0-9a-f]{16}\.js$/.test(r.path)).length;
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

test('a user without a role gets the 403 explanation and stays signed in; another account of another tenant lands beside it', async () => {
  const page = await openApp();
  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'user@contoso.example');
  const panel = page.getByTestId('admin-required');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-status'), '403');
  const text = await panel.textContent();
  for (const role of ['Security Reader', 'Global Reader', 'Security Operator', 'Security Administrator', 'Privileged Role Administrator']) {
    assert.ok(text.includes(role), `names ${role}: ${text}`);
  }
  assert.equal(await page.getByTestId('signed-in-as').textContent(), 'user@contoso.example');
  assert.equal(await page.getByTestId('demo-banner').count(), 1, 'the demo still shows: nothing was lost or replaced');

  await signInWithPopup(page, panel.getByTestId('sign-in-another'), 'admin@contoso.example');
  await waitForScore(page, newestScore('admin@contoso.example'));
  assert.equal(await page.getByTestId('admin-required').count(), 0);

  await page.getByTestId('nav-data').click();
  await signInWithPopup(page, page.getByTestId('sign-in-another'), 'admin@fabrikam.example');
  await page.locator(`[data-testid="signed-in-as"][data-tenant="${ACCOUNTS['admin@fabrikam.example'].tid}"]`).waitFor();
  await idle(page);
  await page.getByTestId('nav-overview').click();
  await waitForScore(page, newestScore('admin@fabrikam.example'));
  assert.notEqual(newestScore('admin@fabrikam.example'), newestScore('admin@contoso.example'));
  const switcher = page.locator('.ss-tenant-switcher select, select[aria-label*="enant"]').first();
  const options = await switcher.locator('option').allTextContents();
  assert.ok(options.some((o) => o.includes('Contoso Ltd')) && options.some((o) => o.includes('Fabrikam Inc')), options.join(' | '));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every refusal from Entra ID has its own message, and the data shown stays', async () => {
  const cases = [
    { authError: { error: 'consent_required', description: 'The user or administrator has not consented to use the application.', code: 65001 }, kind: 'consent-required', says: 'Cloud Application Administrator' },
    { authError: { error: 'unauthorized_client', description: 'Application with identifier was not found in the directory.', code: 700016 }, kind: 'unknown-client', says: 'clientId' },
    { authError: { error: 'invalid_request', description: 'User account is a personal Microsoft account.', code: 500200 }, kind: 'personal-account', says: 'work or school account' },
    { authError: { error: 'invalid_request', description: 'User account from identity provider does not exist in tenant.', code: 50020 }, kind: 'other-tenant', says: 'multi-tenant' },
    { tokenError: { status: 400, body: { error: 'invalid_request', error_description: 'AADSTS9002326: Cross-origin token redemption is permitted only for the Single-Page Application client-type.', error_codes: [9002326] } }, kind: 'wrong-platform', says: 'Single-page application' },
  ];
  const page = await openApp();
  const before = await valueOf(page, 'score-current');
  for (const { kind, says, ...control } of cases) {
    reset();
    Object.assign(idp.control, control);
    if (control.authError) {
      // Entra answers at once: the window never shows its form.
      const popup = page.waitForEvent('popup');
      await page.getByTestId('sign-in').first().click();
      await popup;
    } else {
      await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
    }
    const alert = page.getByTestId('sign-in-error');
    await waitForTrouble(page, kind);
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.ok((await alert.textContent()).includes(says), `${kind}: ${await alert.textContent()}`);
    assert.equal(await page.getByTestId('signed-in-as').count(), 0);
    assert.equal(await valueOf(page, 'score-current'), before, `${kind}: the demo data stays`);
  }
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 400')), []);
  await page.context().close();
});

test('a closed sign-in window says so; the network being down says so', async () => {
  const page = await openApp();
  const popup = page.waitForEvent('popup');
  await page.getByTestId('sign-in').first().click();
  await (await popup).close();
  await waitForTrouble(page, 'cancelled');

  idp.control.tokenDown = true;
  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
  await waitForTrouble(page, 'network');
  assert.ok((await page.getByTestId('sign-in-error').textContent()).includes('network connection'));
  await page.context().close();
});

test('with popups blocked the app says so and signs in with a redirect; sign-out leaves no token in any storage', async () => {
  reset();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(() => { window.open = () => null; });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByTestId('sign-in').first().click();
  await waitForTrouble(page, 'popup-blocked');
  await page.getByTestId('sign-in-redirect').click();
  await page.waitForURL((url) => url.href.startsWith(idp.authority));
  await login(page, 'admin@contoso.example');
  await page.waitForURL((url) => url.href.startsWith(app.url) && !url.pathname.endsWith('signin-redirect.html'));
  await page.getByTestId('signed-in-as').waitFor();
  await waitForScore(page, newestScore('admin@contoso.example'));
  const tokens = [...new Set(idp.graphRequests.map((r) => r.authorization.replace('Bearer ', '')))];
  assert.ok(tokens.length > 0);
  const stored = () => page.evaluate(async () => {
    const text = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = fail; });
      for (const name of db.objectStoreNames) {
        const all = await new Promise((ok) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
        text.push(JSON.stringify(all));
      }
      db.close();
    }
    return text.join('\n');
  });
  assert.ok((await stored()).includes(tokens[0]), 'the redirect flow keeps its tokens in sessionStorage, as the UI says');

  // A reload in this tab stays signed in and reads again.
  const reads = idp.graphRequests.length;
  await page.reload();
  await page.getByTestId('signed-in-as').waitFor();
  await until(() => idp.graphRequests.length > reads, 'the reload reads Graph again');
  await idle(page);

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-remove-data').check();
  await page.getByTestId('sign-out-confirm').click();
  await page.getByTestId('sign-in').first().waitFor();
  await page.getByTestId('demo-banner').waitFor();
  const after = await stored();
  for (const token of tokens) assert.ok(!after.includes(token), 'no access token is left');
  assert.ok(!/"msal\./.test(after), `no MSAL entry is left: ${after.slice(0, 300)}`);
  assert.ok(!after.includes(ACCOUNTS['admin@contoso.example'].tid), 'the tenant\'s data is removed');
  await context.close();
});

test('tokens renew silently: before they expire, and once after Graph refuses one; a forged token makes the app ask to sign in', async () => {
  const page = await openApp();
  idp.control.accessTokenTtl = 120;
  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
  await waitForScore(page, newestScore('admin@contoso.example'));
  await page.getByTestId('nav-data').click();
  const refreshGrants = () => idp.requests.filter((r) => r.path === '/token' && r.params.grant_type === 'refresh_token').length;

  // Expiring within MSAL's five minutes: renewed before Graph sees it.
  idp.control.accessTokenTtl = 3600;
  let grants = refreshGrants();
  idp.graphRequests.length = 0;
  await page.getByTestId('sign-in-refresh').click();
  await waitForGraph(5);
  assert.ok(refreshGrants() > grants, 'renewed with the refresh token');
  assert.ok(idp.graphRequests.every((r) => r.status === 200), 'Graph never saw an expiring token');
  await idle(page);

  // Graph refuses the token (revoked): one silent renewal, then the read succeeds.
  for (const r of idp.graphRequests) idp.control.revoked.add(r.claims.jti);
  grants = refreshGrants();
  idp.graphRequests.length = 0;
  await page.getByTestId('sign-in-refresh').click();
  await waitForGraph(6);
  assert.equal(idp.graphRequests[0].status, 401);
  assert.ok(refreshGrants() > grants);
  assert.equal(await page.getByTestId('sign-in-error').count(), 0);
  assert.equal(await page.getByTestId('admin-required').count(), 0);

  // A forged token (another key): refused twice, then the app asks to sign in again.
  await idle(page);
  const { generateKeyPair, SignJWT } = await import('jose');
  const { privateKey } = await generateKeyPair('RS256');
  const forged = await new SignJWT({ scp: 'SecurityEvents.Read.All User.Read', tid: ACCOUNTS['admin@contoso.example'].tid, wids: [] })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).setIssuer(idp.authority).setAudience('https://graph.microsoft.com').setExpirationTime('1h').sign(privateKey);
  await page.route(`${idp.graph}/**`, (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${forged}` } }));
  idp.graphRequests.length = 0;
  await page.getByTestId('sign-in-refresh').click();
  const panel = page.getByTestId('admin-required');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-status'), '401');
  assert.ok((await panel.textContent()).includes('Sign in again'));
  assert.equal(await panel.getByTestId('sign-in').count(), 1);
  // The scores, profiles and organization are read side by side: each is
  // refused once with the first token and once with the renewed one.
  const refusals = {};
  for (const r of idp.graphRequests.filter((r) => r.status === 401)) {
    const path = r.path.split('?')[0];
    refusals[path] = (refusals[path] ?? 0) + 1;
  }
  assert.ok(refusals['/v1.0/security/secureScores'], JSON.stringify(refusals));
  for (const [path, refused] of Object.entries(refusals)) assert.equal(refused, 2, `one renewal, no loop: ${path}`);
  await page.getByTestId('nav-overview').click();
  await waitForScore(page, newestScore('admin@contoso.example'));
  await page.context().close();

  async function waitForGraph(n) {
    await until(() => idp.graphRequests.filter((r) => r.status !== 0).length >= n, `Graph saw ${n} requests`);
  }
});

test('a Conditional Access challenge from Graph signs in again with its claims, then reads', async () => {
  const page = await openApp();
  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
  await waitForScore(page, newestScore('admin@contoso.example'));
  await page.getByTestId('nav-data').click();
  await idle(page);
  for (const r of idp.graphRequests) idp.control.challenged.add(r.claims.jti);
  idp.graphRequests.length = 0;
  const authorizations = idp.requests.filter((r) => r.path === '/auth').length;
  // The Entra session is still open: the window answers without a form.
  const popup = page.waitForEvent('popup');
  await page.getByTestId('sign-in-refresh').click();
  await (await popup).waitForEvent('close');
  await page.waitForFunction(() => document.querySelector('[data-testid="sign-in-refresh"]'));
  await idle(page);
  const auth = idp.requests.filter((r) => r.path === '/auth').slice(authorizations);
  assert.ok(auth.some((r) => JSON.parse(r.params.claims ?? '{}').access_token?.nbf), `the sign-in asked for the claims: ${JSON.stringify(auth.map((r) => r.params.claims))}`);
  // The reads side by side are each challenged once, then every read goes
  // through with the new token.
  const statuses = idp.graphRequests.map((r) => r.status);
  const challenged = idp.graphRequests.filter((r) => r.status === 401).map((r) => r.path.split('?')[0]);
  assert.ok(challenged.includes('/v1.0/security/secureScores'), `challenged: ${challenged}`);
  assert.equal(new Set(challenged).size, challenged.length, `each read challenged once: ${challenged}`);
  assert.deepEqual(statuses, [...challenged.map(() => 401), 200, 200, 200, 200, 200], 'one challenge, then every read with the new token');
  assert.equal(await page.getByTestId('admin-required').count(), 0);
  await page.context().close();
});

test('embedded under a strict Content Security Policy, an admin signs in with no violation', async () => {
  reset();
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${app.origin}/host-csp.html`);
  await page.getByTestId('score-current').first().waitFor();
  await signInWithPopup(page, page.getByTestId('sign-in').first(), 'admin@contoso.example');
  await page.getByTestId('signed-in-as').waitFor();
  await waitForScore(page, newestScore('admin@contoso.example'));
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a host page with a token provider: the instance reads Graph with its tokens and shows no sign-in button', async () => {
  reset();
  const page = await open(browser, `${app.origin}/host-provider.html`);
  await waitForScore(page, newestScore('admin@contoso.example'));
  assert.equal(await page.getByTestId('sign-in').count(), 0);
  const asked = await page.evaluate(() => window.asked);
  assert.deepEqual(asked[0], { scopes: ['https://graph.microsoft.com/SecurityEvents.Read.All'], options: { forceRefresh: false } });
  assert.ok(idp.graphRequests.length >= 4);
  assert.ok(idp.graphRequests.every((r) => r.authorization === `Bearer ${minted}` && r.status === 200));
  await page.getByText('Contoso Ltd').first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
