// Embedding: the example portal (hostile global CSS, a strict Content
// Security Policy) shows the widget and the full app unbroken, the app's
// events reach the host, the site works under a sub-path through embed.js,
// and "Share report" produces a self-contained report that opens offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launch, asset, logical, ROOT, DIST } from './harness.mjs';

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const PORTAL = 'example-portal.html';

let server, browser, tmp;
before(async () => {
  server = await startServer();
  browser = await launch();
  tmp = await mkdtemp(join(tmpdir(), 'ss-embed-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  // SS_KEEP=1 keeps the screenshots and reports to look at.
  if (tmp && !process.env.SS_KEEP) await rm(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`# kept ${tmp}`);
});

/**
 * Opens `url` in a fresh context. Before any script of the page runs, it
 * records the app's events (window.__events) and CSP violations
 * (window.__csp); `page.problems` collects console errors and page errors.
 */
async function visit(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`http ${r.status()}: ${r.url()}`); });
  await page.addInitScript(() => {
    window.__events = [];
    window.__csp = [];
    for (const name of ['securescore:loaded', 'securescore:dayselected', 'securescore:error']) {
      document.addEventListener(name, (e) => window.__events.push({
        name, target: e.target.id || e.target.tagName, detail: e.detail,
      }));
    }
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
      `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
  });
  await page.goto(url);
  return page;
}

const events = (page, name) => page.evaluate((n) => window.__events.filter((e) => e.name === n), name);
const number = async (locator) => Number(await locator.getAttribute('data-value'));

async function waitForEvent(page, name, count = 1) {
  await page.waitForFunction(([n, c]) => window.__events.filter((e) => e.name === n).length >= c, [name, count]);
  return events(page, name);
}

/** A selector list split at its top-level commas (not those inside :where(...)). */
function splitSelectors(list) {
  const parts = [''];
  let depth = 0;
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) parts.push('');
    else parts[parts.length - 1] += c;
  }
  return parts.filter((p) => p.trim());
}

// Styles of the app's own page only (they style html and body): never
// added to a host page.
const SITE_ONLY = ['site.css'];

test('embed.js lists the stylesheets of index.html, in order, but the site-only ones', async () => {
  const index = await readFile(join(ROOT, 'index.html'), 'utf8');
  const css = [...index.matchAll(/<link data-trunk rel="css" href="style\/([^"]+)"/g)].map((m) => m[1]);
  const embed = await readFile(join(DIST, 'embed.js'), 'utf8');
  const listed = JSON.parse(embed.match(/STYLESHEETS = (\[[^\]]*\])/)[1].replaceAll("'", '"'));
  assert.deepEqual(listed.map(logical), css.filter((c) => !SITE_ONLY.includes(c)));
  assert.equal(css[0], 'embed.css', 'the isolation reset comes first');
  // Nothing embed.js adds styles the host's html, body or bare elements.
  for (const file of listed) {
    const text = (await readFile(join(DIST, file), 'utf8'))
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/@media[^{]*\{/g, '}');
    for (const rule of text.matchAll(/(^|})\s*([^{}@]+)\{/g)) {
      for (const selector of splitSelectors(rule[2])) {
        assert.match(selector.trim(), /^\.ss-/, `${file}: "${selector.trim()}" is not scoped under the app`);
      }
    }
  }
});

test('the example portal shows the widget and the full app unbroken by its CSS', async () => {
  const page = await visit(`${server.url}${PORTAL}`);
  const widget = page.getByTestId('widget');
  const score = page.getByTestId('widget-score');
  await score.waitFor();
  await page.getByTestId('score-current').waitFor();
  assert.ok(await score.isVisible());
  assert.match(await score.innerText(), /^\d+(\.\d+)?$/);

  // The portal's `* { font-family: serif; color: ... }`, `div { padding }`,
  // `span { text-transform }`, `button { all: unset }` do not reach the app.
  const styles = await page.evaluate(() => {
    const css = (el) => el && getComputedStyle(el);
    const q = (s) => document.querySelector(s);
    return {
      scoreFont: css(q('[data-testid=widget-score]')).fontFamily,
      scoreColor: css(q('[data-testid=widget-score]')).color,
      scoreTransform: css(q('[data-testid=widget-score]')).textTransform,
      bodyPadding: css(q('.ss-widget-body')).paddingTop,
      bodyBorder: css(q('.ss-widget-body')).borderTopStyle,
      toggleBorder: css(q('[data-testid=theme-toggle]')).borderTopStyle,
      toggleCursor: css(q('[data-testid=theme-toggle]')).cursor,
      navColor: css(q('[data-testid=nav-actions]')).color,
      mainFont: css(q('#secure-score .ss-main h1')).fontFamily,
      // ... and the app does not restyle the portal.
      portalButton: css(q('#portal-button')).backgroundColor,
      portalHeading: css(q('.portal-sidebar h2')).fontFamily,
      portalBody: css(document.body).backgroundColor,
    };
  });
  assert.doesNotMatch(styles.scoreFont, /Georgia|Times/, styles.scoreFont);
  assert.match(styles.scoreFont, /system-ui/);
  assert.match(styles.mainFont, /system-ui/);
  assert.notEqual(styles.scoreColor, 'rgb(160, 0, 0)');
  assert.equal(styles.scoreTransform, 'none');
  assert.equal(styles.bodyPadding, '0px');
  assert.equal(styles.bodyBorder, 'none');
  assert.equal(styles.toggleBorder, 'solid');
  assert.equal(styles.toggleCursor, 'pointer');
  assert.notEqual(styles.navColor, 'rgb(255, 0, 255)');
  assert.equal(styles.portalButton, 'rgb(201, 162, 39)');
  assert.match(styles.portalHeading, /Georgia/);
  assert.equal(styles.portalBody, 'rgb(255, 248, 231)');

  // The widget shows the full app's score and links to it on this page.
  assert.equal(await number(score), await number(page.getByTestId('score-current').first()));
  const text = await widget.innerText();
  assert.match(text, /of [\d.]+ points/);
  assert.match(text, /[\d.]+%/);
  assert.match(text, /7 days/);
  assert.equal(await widget.locator('a').getAttribute('href'), '#/overview');

  // The full app's navigation works inside the portal.
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('action-row').first().waitFor();
  assert.equal(await page.getByTestId('nav-actions').getAttribute('aria-current'), 'page');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  // The widget's link goes to the full app's overview. (Once the address
  // shows the Data page: the app writes it after the paint, and a link to
  // the address already shown navigates nowhere.)
  await page.getByTestId('nav-data').click();
  await page.waitForURL(/#\/data$/);
  await widget.locator('a').click();
  await page.getByTestId('score-current').waitFor();
  await page.waitForURL(/#\/overview$/);
  await page.screenshot({ path: join(tmp, 'portal.png'), fullPage: true });
  // (The portal's own policy forbids inline styles: violations are the
  // strict-CSP test's subject.)
  assert.deepEqual(page.problems.filter((p) => !/Content Security Policy/.test(p)), []);
  await page.context().close();
});

test('the host receives loaded and dayselected events with the shown numbers', async () => {
  const page = await visit(`${server.url}${PORTAL}`);
  const loaded = await waitForEvent(page, 'securescore:loaded', 2);
  await page.getByTestId('widget-score').waitFor();
  const widgetValue = await number(page.getByTestId('widget-score'));
  const targets = loaded.map((e) => e.target).sort();
  assert.deepEqual(targets, ['score-widget', 'secure-score'], 'one event per instance, from its mount element');
  for (const { detail } of loaded) {
    assert.equal(detail.score, widgetValue);
    assert.equal(detail.maximum, await number(page.getByTestId('score-max').first()));
    assert.equal(detail.percent, await number(page.getByTestId('score-percent').first()));
    assert.match(detail.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(typeof detail.tenant.name, 'string');
  }
  // The portal's own script (external, CSP-friendly) saw them too.
  assert.match(await page.locator('#portal-events').innerText(), /securescore:loaded/);

  // Selecting a day in the analyzer tells the host.
  await page.getByTestId('nav-analyzer').click();
  const days = page.getByTestId('analyzer-day');
  await days.first().waitFor({ state: 'attached' });
  const count = await days.count();
  const day = days.nth(Math.max(0, count - 3));
  const date = await day.getAttribute('data-date');
  // (dispatchEvent, not a pointer click: under the portal's policy the hit
  // regions may lack their inline position; see the strict-CSP test.)
  await day.dispatchEvent('click');
  const selected = await waitForEvent(page, 'securescore:dayselected');
  assert.deepEqual(selected.at(-1), { name: 'securescore:dayselected', target: 'secure-score', detail: { date } });
  await day.focus();
  await page.keyboard.press('ArrowLeft');
  const moved = await waitForEvent(page, 'securescore:dayselected', 2);
  assert.notEqual(moved.at(-1).detail.date, date);
  assert.equal(moved.at(-1).detail.date, await page.getByTestId('selected-day').getAttribute('data-date'));
  assert.deepEqual(await events(page, 'securescore:error'), []);
  assert.deepEqual(page.problems.filter((p) => !/Content Security Policy/.test(p)), []);
  await page.context().close();
});

test('an error reaches the host as securescore:error', async () => {
  const host = await startServer({
    routes: {
      '/host/broken.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><html><head><title>Host</title></head><body>
          <div id="secure-score" data-view="widget" data-source="/api/broken"></div>
          <script type="module" src="/embed.js"></script></body></html>`);
      },
      '/api/broken': (req, res) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('boom'); },
    },
  });
  try {
    const page = await visit(`${host.origin}/host/broken.html`);
    const errors = await waitForEvent(page, 'securescore:error');
    assert.equal(errors[0].target, 'secure-score');
    assert.equal(typeof errors[0].detail.message, 'string');
    assert.ok(errors[0].detail.message.length > 0);
    await page.context().close();
  } finally {
    await host.close();
  }
});

test('several widgets on one portal page each load their own data-source and report their own errors', async () => {
  const graph = (tenant, score) => ({ value: [{
    azureTenantId: tenant, createdDateTime: new Date(Date.now() - 86400000).toISOString().slice(0, 10) + 'T00:00:00Z',
    currentScore: score, maxScore: 50, enabledServices: ['HasEXOP2'], averageComparativeScores: [],
    controlScores: [{ controlCategory: 'Identity', controlName: 'AdminMFAV2', score, scoreInPercentage: score * 2 }],
  }] });
  const json = (body, status = 200) => (req, res) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  const host = await startServer({
    routes: {
      '/host/fleet.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><html><head><title>Portal</title></head><body>
          <div id="a" data-secure-score data-view="widget" data-source="/api/a" data-tenant-name="Alpha Corp"></div>
          <div id="forbidden" data-secure-score data-view="widget" data-source="/api/forbidden"></div>
          <div id="b" data-secure-score data-view="widget" data-source="/api/b"></div>
          <div id="html" data-secure-score data-view="widget" data-source="/api/html"></div>
          <div id="none" data-secure-score data-view="widget"></div>
          <script type="module" src="/embed.js"></script></body></html>`);
      },
      '/api/a': json(graph('aaaaaaaa-0000-4000-8000-00000000000a', 12)),
      '/api/b': json(graph('bbbbbbbb-0000-4000-8000-00000000000b', 34)),
      '/api/forbidden': json({ error: { code: 'Authorization_RequestDenied', message: 'no' } }, 403),
      '/api/html': (req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><p>Sign in</p>'); },
    },
  });
  try {
    const page = await visit(`${host.origin}/host/fleet.html`);
    const score = (id) => page.locator(`#${id} [data-testid=widget-score]`);
    await page.waitForFunction(() => ['a', 'b', 'none'].every((id) => document.querySelector(`#${id} [data-testid=widget-score]`)));
    assert.equal(await score('a').getAttribute('data-value'), '12');
    assert.equal(await score('b').getAttribute('data-value'), '34');
    // data-tenant-name names the tenant its source brings (Graph names none).
    assert.match(await page.locator('#a .ss-widget-tenant').innerText(), /^Alpha Corp ·/);
    assert.match(await page.locator('#b .ss-widget-tenant').innerText(), /^bbbbbbbb-0000-4000-8000-00000000000b ·/);
    // No data-source: that instance alone shows the demo tenant.
    assert.match(await page.locator('#none .ss-widget-tenant').innerText(), /^Contoso Demo ·/);
    assert.equal(await page.locator('.ss-widget-tenant', { hasText: 'Contoso Demo' }).count(), 1);
    const errors = await waitForEvent(page, 'securescore:error', 2);
    assert.deepEqual(errors.map((e) => e.target).sort(), ['forbidden', 'html']);
    assert.match(errors.find((e) => e.target === 'forbidden').detail.message, /HTTP 403/);
    assert.match(errors.find((e) => e.target === 'html').detail.message, /web page \(HTML\)/);
    const loaded = await events(page, 'securescore:loaded');
    assert.deepEqual([...new Set(loaded.filter((e) => e.detail.score === 12).map((e) => e.target))], ['a']);
    assert.deepEqual([...new Set(loaded.filter((e) => e.detail.score === 34).map((e) => e.target))], ['b']);
    await page.context().close();
  } finally {
    await host.close();
  }
});

test('under a strict Content Security Policy the app runs with no violation', async () => {
  const strict = await startServer({ headers: { 'content-security-policy': STRICT_CSP } });
  try {
    const page = await visit(`${strict.url}${PORTAL}`);
    await page.getByTestId('widget-score').waitFor();
    await page.getByTestId('score-current').waitFor();
    // Every page of the full app, and the widget.
    // Each page drawn: its own element shown.
    for (const [name, shown] of [['actions', 'action-row'], ['analyzer', 'analyzer-chart'], ['data', 'source-status'], ['overview', 'category-row']]) {
      await page.getByTestId(`nav-${name}`).click();
      await page.waitForFunction((n) => location.hash.startsWith(`#/${n}`), name);
      await page.locator(`.ss-root [data-testid=${shown}]`).first().waitFor();
    }
    await page.getByTestId('nav-actions').click();
    await page.getByTestId('action-row').first().locator('.ss-action-toggle').click();
    await page.getByTestId('action-detail').first().waitFor();
    const violations = await page.evaluate(() => window.__csp);
    const console = page.problems.filter((p) => /Content Security Policy/i.test(p));
    // Where they come from: elements given a `style="..."` attribute string
    // (Leptos `style=`), which `style-src 'self'` refuses; `style:prop=`
    // (CSSOM) is allowed.
    const offenders = violations.length && await page.evaluate(() => [...new Set(
      [...document.querySelectorAll('.ss-root [style]')].map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`))]);
    assert.deepEqual(violations, [], `CSP violations:\n${violations.join('\n')}\nelements with a style attribute: ${offenders}`);
    assert.deepEqual(console, []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await strict.close();
  }
});

test('the site under a sub-path works through embed.js on another page', async () => {
  const prefix = '/portal/apps/secure-score/';
  // The host page has the strict policy; the site's own index.html (trunk's
  // inline loader) is served without one.
  const sub = await startServer({
    prefix,
    routes: {
      '/intranet/security.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': STRICT_CSP });
        res.end(`<!doctype html><html><head><title>Intranet</title></head><body>
          <h1>Security</h1>
          <div id="secure-score" data-view="widget" data-theme="dark"></div>
          <script type="module" src="${prefix}embed.js"></script></body></html>`);
      },
    },
  });
  try {
    const page = await visit(`${sub.origin}/intranet/security.html`);
    const score = page.getByTestId('widget-score');
    await score.waitFor();
    assert.match(await score.innerText(), /^\d+(\.\d+)?$/);
    // Widget alone: no header, no navigation; the dark theme asked for.
    assert.equal(await page.locator('.ss-header, [data-testid=nav-overview]').count(), 0);
    assert.equal(await page.locator('.ss-root').getAttribute('data-theme'), 'dark');
    // Every file came from the sub-path.
    const sheets = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href));
    assert.ok(sheets.length >= 2 && sheets.every((h) => h.startsWith(`${sub.origin}${prefix}`)), sheets.join(' '));
    const paths = sub.requests.map((r) => r.path);
    assert.ok(paths.includes(`${prefix}${await asset('secure-score_bg.wasm')}`), paths.join(' '));
    assert.ok(!paths.some((p) => /^\/(secure-score|main-|embed-)/.test(p)), paths.join(' '));
    // With no full app on the page, the widget links to the site's index.
    const href = await page.getByTestId('widget').locator('a').getAttribute('href');
    assert.equal(href, `${sub.origin}${prefix}index.html#/overview`);
    const widgetScore = await number(score);
    await page.getByTestId('widget').locator('a').click();
    await page.getByTestId('score-current').waitFor();
    assert.equal(await number(page.getByTestId('score-current')), widgetScore);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await sub.close();
  }
});

/** Clicks "Share report" and returns the saved file's path and text. */
async function share(page, name) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('share-report').click(),
  ]);
  assert.match(download.suggestedFilename(), /^secure-score-report-\d{4}-\d{2}-\d{2}\.html$/);
  const path = join(tmp, name);
  await download.saveAs(path);
  return { path, html: await readFile(path, 'utf8') };
}

/** Opens a saved report from its file in a fresh context; counts every request. */
async function openReport(path) {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  const requests = [];
  const problems = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, requests, problems };
}

test('Share report downloads a self-contained report that opens offline, optionally redacted', async () => {
  const page = await visit(`${server.url}#/overview`);
  await page.getByTestId('score-current').waitFor();
  const [{ detail }] = await waitForEvent(page, 'securescore:loaded');
  const shown = {
    score: await number(page.getByTestId('score-current')),
    max: await number(page.getByTestId('score-max')),
    percent: await number(page.getByTestId('score-percent')),
  };

  const plain = await share(page, 'report.html');
  const opened = await openReport(plain.path);
  assert.equal(await number(opened.page.getByTestId('score-current')), shown.score);
  assert.equal(await number(opened.page.getByTestId('score-max')), shown.max);
  assert.equal(await number(opened.page.getByTestId('score-percent')), shown.percent);
  assert.deepEqual(opened.requests, [], 'no request besides the file itself');
  assert.deepEqual(opened.problems, []);
  assert.equal(await opened.page.locator('script').count(), 0);
  // The history chart, the app's own geometry: score and points possible,
  // dates as the app writes them ("5 Dec 2026", or "Dec 2026" on an axis
  // of months: the year at its first date).
  const chart = opened.page.locator('svg.ss-chart-svg');
  assert.equal(await chart.locator('path.ss-ch-score').count(), 1, 'history chart');
  assert.equal(await chart.locator('path.ss-ch-max').count(), 1);
  assert.match(await chart.locator('title').textContent(), /^Score from \d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}: /);
  assert.match(await chart.locator('text').allTextContents().then((t) => t.join('|')), /\|(\d{1,2} )?[A-Z][a-z]{2} \d{4}\|/);
  assert.ok(await opened.page.locator('table.history tbody tr').count() >= 1, 'history table');
  assert.ok(await opened.page.locator('table.actions tbody tr').count() >= 1, 'action queue');
  assert.match(await opened.page.innerText('body'), /Print \/ save as PDF/);
  await opened.page.emulateMedia({ media: 'print' });
  assert.equal(await opened.page.locator('.note.screen').isVisible(), false, 'print layout');
  await opened.page.screenshot({ path: join(tmp, 'report.png') });
  const name = detail.tenant.name.trim();
  const id = detail.tenant.id.trim();
  if (name) assert.ok(plain.html.includes(name.replaceAll('&', '&amp;')), 'the tenant is named unless left out');
  await opened.page.context().close();

  // Leave out the tenant and user counts.
  const redact = page.getByTestId('share-redact');
  await redact.getByLabel('tenant name and id').check();
  await redact.getByLabel('user counts').check();
  const redacted = await share(page, 'redacted.html');
  const lower = redacted.html.toLowerCase();
  if (name.length >= 3) assert.ok(!lower.includes(name.toLowerCase()), `tenant name ${name} left out`);
  if (id.length >= 3) assert.ok(!lower.includes(id.toLowerCase()), `tenant id ${id} left out`);
  assert.doesNotMatch(redacted.html, /Licensed users|Active users/);
  const again = await openReport(redacted.path);
  assert.equal(await number(again.page.getByTestId('score-current')), shown.score);
  assert.deepEqual(again.requests, []);
  await again.page.context().close();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
