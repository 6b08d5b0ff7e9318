// The app shell: loads without console errors, every page is reachable by
// its navigation link and by a deep link that survives a reload, also under
// a sub-path; the split pages' code loads on their first visit (a failed
// load can be retried); the theme switch works and is remembered; a
// progress bar shows until the app mounts; the page says so when the app
// cannot start or when the wasm stops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, open, asset, logical } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer({ prefix: '/portal/secure-score/' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const PAGES = [
  ['overview', 'Overview'],
  ['actions', 'Improvement actions'],
  ['analyzer', 'Score Analyzer'],
  ['data', 'Data'],
];

test('every page is reachable from the navigation, with no console error', async () => {
  const page = await open(browser, server.url);
  for (const [slug, label] of PAGES) {
    await page.getByTestId(`nav-${slug}`).click();
    await page.waitForFunction((s) => location.hash.startsWith(`#/${s}`), slug);
    assert.equal(await page.getByTestId(`nav-${slug}`).getAttribute('aria-current'), 'page');
    await page.locator('main h1').first().waitFor();
    assert.match(await page.locator('main h1').first().innerText(), new RegExp(label.split(' ')[0], 'i'));
  }
  assert.deepEqual(page.problems, []);
});

test('the split pages load on their first visit; a page whose code cannot be fetched offers a retry', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(logical(r.url().split('/').pop())); });
  let offline = true;
  await context.route('**/split_secure_score_actions-*.wasm', (route) => (offline ? route.abort() : route.continue()));
  await page.goto(server.url);
  await page.getByTestId('score-current').waitFor();
  // The Overview's first load fetches the main module only.
  assert.deepEqual(wasm, ['secure-score_bg.wasm']);

  await page.getByTestId('nav-actions').click();
  const failed = page.getByTestId('page-load-error');
  await failed.waitFor();
  assert.match(await failed.innerText(), /Improvement actions page could not be loaded/);
  offline = false;
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.locator('main h1', { hasText: 'Improvement actions' }).waitFor();
  assert.equal(await failed.count(), 0);

  // A cold first click on another split page: its chunks, then the page.
  const started = Date.now();
  await page.getByTestId('nav-analyzer').click();
  await page.locator('main h1', { hasText: 'Score Analyzer' }).waitFor();
  console.log(`# first visit of the Score Analyzer, click to heading: ${Date.now() - started} ms`);
  assert.ok(wasm.includes('split_secure_score_analyzer.wasm'), wasm.join(' '));
  // Back on a page already loaded: nothing fetched again.
  const count = wasm.length;
  await page.getByTestId('nav-actions').click();
  await page.locator('main h1', { hasText: 'Improvement actions' }).waitFor();
  assert.equal(wasm.length, count, wasm.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a deep link survives a reload under a sub-path', async () => {
  const page = await open(browser, `${server.url}#/analyzer`);
  await page.reload();
  await page.getByTestId('nav-analyzer').waitFor();
  assert.equal(await page.getByTestId('nav-analyzer').getAttribute('aria-current'), 'page');
  assert.deepEqual(page.problems, []);
});

test('the theme follows the OS, can be switched, and is remembered', async () => {
  const page = await open(browser, server.url, { colorScheme: 'dark' });
  const root = page.locator('.ss-root');
  await root.waitFor();
  assert.equal(await root.getAttribute('data-theme'), 'dark');
  await page.getByTestId('theme-toggle').click();
  assert.equal(await root.getAttribute('data-theme'), 'light');
  const background = await root.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(background, 'rgb(245, 246, 248)');
  await page.reload();
  await root.waitFor();
  assert.equal(await root.getAttribute('data-theme'), 'light');
});

test('the layout fits a phone width without horizontal scrolling', async () => {
  const page = await open(browser, server.url, { viewport: { width: 375, height: 740 } });
  await page.locator('.ss-root').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
});

test('when the wasm stops, the page says so instead of freezing', async () => {
  const page = await open(browser, `${server.url}#/overview`);
  await page.locator('main h1').first().waitFor();
  const alert = page.getByTestId('app-error');
  // Another wasm app on the same page traps: not ours, nothing to say.
  await page.evaluate(async () => {
    // (module (func (export "trap") unreachable))
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0,
      7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    setTimeout(() => instance.exports.trap());
  });
  // The page's error listeners have run by the time the error is reported.
  for (let i = 0; i < 250 && page.problems.length === 0; i++) await new Promise((ok) => setTimeout(ok, 20));
  assert.equal(page.problems.length, 1);
  assert.equal(await alert.innerText(), '');
  // A real trap: the wasm's allocator refuses an impossible request and
  // aborts, as it does when memory runs out and as a release build does on
  // a panic. Uncaught, from a timer, like a trap in an event handler.
  await page.evaluate(async (glue) => {
    const wasm = await (await import(glue)).default();
    setTimeout(() => wasm.__wbindgen_malloc(0xfffffff0, 8));
  }, `./${await asset('secure-score.js')}`);
  await alert.filter({ hasText: 'stopped after an internal error' }).waitFor();
  assert.match(await alert.innerText(), /Reload the page; your data is kept in this browser\.$/);
  assert.equal(page.problems.length, 2);
  assert.ok(page.problems.every((problem) => /unreachable/.test(problem)), page.problems.join());
});

test('a progress bar shows until the app mounts, and a message when it cannot start', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route('**/secure-score_bg-*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(server.url, { waitUntil: 'commit' });
  const status = page.getByRole('status').filter({ hasText: 'Loading Secure Score' });
  await status.waitFor();
  assert.equal(await page.locator('#ss-boot progress').count(), 1);
  release();
  await page.locator('main h1').first().waitFor();
  assert.equal(await page.locator('#ss-boot').count(), 0);

  const failing = await context.newPage();
  await failing.route('**/secure-score_bg-*.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await failing.goto(server.url);
  const alert = failing.getByRole('alert').filter({ hasText: 'Secure Score could not start' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /Check the connection and reload the page\.$/);
  assert.equal(await failing.locator('#ss-boot progress').count(), 0);
  await context.close();
});
