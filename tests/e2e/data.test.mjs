// Data sources and the Data page: the app starts on the demo tenant; uploads
// of every supported format (Graph raw, PowerShell, one object, several
// pages, snapshots, catalog); every bad input gets an error naming the file
// and the place, and the data shown before stays; imports merge by day and
// survive a reload; a full or corrupted browser store is reported; the REST
// client pages, retries, times out, explains 401/403, HTML and network
// failures, and keeps the token in memory, sent only to the endpoint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, open, valueOf, chunkSplits, asset, ROOT, DIST } from './harness.mjs';

const FIX = join(ROOT, 'tests', 'fixtures');
const fixture = (path) => join(FIX, path);
const json = async (path) => JSON.parse(await readFile(fixture(path), 'utf8'));
const TOKEN = 'test-secret-token-5f2b9c';
const TENANT = '11111111-aaaa-4bbb-8ccc-000000000001';

// Request counters of the flaky routes, by ?run= (one per test).
const hits = new Map();
const hit = (url) => {
  const key = `${url.pathname}?${url.searchParams.get('run')}`;
  hits.set(key, (hits.get(key) ?? 0) + 1);
  return hits.get(key);
};

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** Three pages of one tenant's scores, linked by @odata.nextLink. */
async function pagedRoute(req, res, url) {
  const all = (await json('data/history-a.json')).value;
  const n = Number(url.searchParams.get('page') ?? '1');
  const page = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/secureScores', value: [all[n - 1]] };
  if (n < 3) page['@odata.nextLink'] = `${url.pathname}?page=${n + 1}&$skiptoken=x${n}`;
  send(res, 200, page);
}

let server, other, browser, tmp;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ss-data-'));
  other = await startServer({ routes: { '/elsewhere': (req, res) => send(res, 200, { value: [] }) } });
  const graphError = (code) => ({ error: { code, message: `${code} from the test server` } });
  server = await startServer({
    routes: {
      '/api/paged': pagedRoute,
      '/api/401': (req, res) => send(res, 401, graphError('InvalidAuthenticationToken')),
      '/api/403': (req, res) => send(res, 403, graphError('Authorization_RequestDenied')),
      '/api/429': async (req, res, url) => {
        if (hit(url) === 1) return send(res, 429, graphError('TooManyRequests'), { 'retry-after': '1' });
        send(res, 200, await json('data/history-a.json'));
      },
      '/api/500': async (req, res, url) => {
        if (hit(url) === 1) return send(res, 500, 'boom');
        send(res, 200, await json('data/history-a.json'));
      },
      '/api/503-always': (req, res, url) => { hit(url); send(res, 503, graphError('ServiceUnavailable'), { 'retry-after': '0' }); },
      '/api/hang': () => { /* never answers */ },
      '/api/html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>Sign in</title><form>Sign in to your account</form>');
      },
      '/api/html-as-json': (req, res) => send(res, 200, '\n  <html><body>Login</body></html>'),
      '/api/206': async (req, res) => send(res, 206, await json('data/history-b.json'), { warning: '199 - "only the last 3 days"' }),
      '/api/missing': (req, res) => send(res, 404, graphError('ResourceNotFound')),
      '/api/token/secureScores': async (req, res, url) => {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, graphError('NoToken'));
        const all = (await json('graph-real/secureScore.json'));
        if (url.searchParams.get('page') === '2') return send(res, 200, { value: [] });
        send(res, 200, { ...all, '@odata.nextLink': `http://${req.headers.host}/api/token/secureScores?page=2` });
      },
      '/api/token/secureScoreControlProfiles': async (req, res) => {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, graphError('NoToken'));
        const profiles = await json('graph-real/profiles.json');
        delete profiles['@odata.nextLink'];
        send(res, 200, profiles);
      },
      '/api/cross': async (req, res) => {
        const page = await json('data/history-a.json');
        page['@odata.nextLink'] = `${other.origin}/elsewhere`;
        send(res, 200, page);
      },
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Failed fetches (401, 500, ...) are logged by Chromium: expected here. */
const unexpected = (page) => page.problems.filter((p) => !/Failed to load resource/.test(p));

async function dataPage(query = '', options = {}) {
  const page = await open(browser, `${server.url}${query}#/data`, { viewport: { width: 1280, height: 900 }, ...options });
  await page.getByTestId('source-status').waitFor();
  return page;
}

/** Runs `action` and waits until the upload or fetch it starts has finished. */
async function finished(page, action, timeout = 30_000) {
  const status = page.getByTestId('source-status');
  const before = Number(await status.getAttribute('data-finished'));
  await action();
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before, { timeout });
}

const upload = (page, files) => finished(page, () => page.getByTestId('file-input').setInputFiles(files));

const errorText = (page) => page.getByTestId('import-error').innerText();
const storedDays = async (page) => Number(await page.getByTestId('stored-tenant').first().getAttribute('data-days'));

async function connect(page, url, token) {
  await page.getByTestId('source-url').fill(url);
  await page.getByTestId('source-token').fill(token ?? '');
  await finished(page, () => page.getByTestId('source-connect').click());
}

async function idbDump(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('secure-score');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('data')) { db.close(); return ok('[]'); }
      const q = db.transaction('data').objectStore('data').getAll();
      q.onsuccess = () => { db.close(); ok(JSON.stringify(q.result)); };
    };
  }));
}

test('the app starts on the demo tenant, says so and offers the other sources', async () => {
  const page = await open(browser, `${server.url}#/overview`);
  const banner = page.getByTestId('demo-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Demo data/);
  assert.ok(await banner.locator('a[href="#/data"]').count() >= 2);
  assert.ok(await valueOf(page, 'score-current') > 0);
  await page.getByTestId('nav-data').click();
  const status = page.getByTestId('source-status');
  assert.equal(await status.getAttribute('data-kind'), 'demo');
  assert.match(await status.innerText(), /Demo data: Contoso Demo/);
  assert.equal(await page.getByTestId('source-refresh').isEnabled(), false);
  assert.equal(await page.getByTestId('source-auto-refresh').isEnabled(), false);
  assert.equal((await errorText(page)).trim(), '');
  assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Graph secureScore.json + profiles.json together: 128 of 274 on the overview', async () => {
  const page = await dataPage();
  await upload(page, [fixture('graph-real/secureScore.json'), fixture('graph-real/profiles.json')]);
  const rows = page.getByTestId('file-row');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-format'), 'Microsoft Graph secureScores');
  assert.equal(await rows.nth(0).getAttribute('data-days'), '1');
  assert.match(await rows.nth(0).innerText(), /12345678-1234-1234-1234-1234567890abcd/);
  assert.equal(await rows.nth(1).getAttribute('data-format'), 'Microsoft Graph secureScoreControlProfiles');
  assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'files');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  assert.equal(await valueOf(page, 'score-current'), 128);
  assert.equal(await valueOf(page, 'score-max'), 274);
  assert.equal(await page.getByTestId('demo-banner').count(), 0);
  // The profiles named the actions: a title, not a control id.
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('action-row').first().waitFor();
  const titles = await page.getByTestId('action-row').allInnerTexts();
  assert.ok(titles.some((t) => /Ensure|Enable|Turn on|Require|Do not|Set/.test(t)), titles.slice(0, 3).join('\n'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every supported shape: PowerShell, one object, several pages, snapshots, a catalog', async () => {
  const page = await dataPage();
  await upload(page, [fixture('graph-powershell/secureScores.json'), fixture('graph-powershell/profiles.json')]);
  assert.deepEqual(await page.getByTestId('file-row').evaluateAll((rows) => rows.map((r) => r.dataset.status)), ['ok', 'ok']);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-format'), 'Microsoft Graph secureScores');

  const one = (await json('data/history-a.json')).value[0];
  await upload(page, [{ name: 'one-object.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(one)) }]);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-status'), 'ok');
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-days'), '1');

  const pages = [await json('data/history-a.json'), await json('data/history-b.json')];
  await upload(page, [{ name: 'pages.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pages)) }]);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-days'), '5');

  // A catalog alone is kept for the snapshot files that follow.
  await upload(page, [join(ROOT, 'crates', 'core', 'src', 'engine', 'baseline', 'catalog.json')]);
  const catalog = page.getByTestId('file-row').first();
  assert.equal(await catalog.getAttribute('data-format'), 'a Secure Score baseline catalog');
  assert.equal(await catalog.getAttribute('data-status'), 'ok');
  assert.match(await catalog.innerText(), /snapshot files you upload next/);

  await upload(page, [fixture('data/snapshots.json')]);
  const snap = page.getByTestId('file-row').first();
  assert.equal(await snap.getAttribute('data-format'), 'Secure Score tenant snapshots');
  assert.match(await snap.innerText(), /Fabrikam Test/);
  // Three tenants now: the PowerShell one, the test tenant, Fabrikam.
  assert.equal(await page.getByTestId('stored-tenant').count(), 3);
  const switcher = page.getByTestId('tenant-switcher');
  assert.equal(await switcher.locator('option').count(), 3);
  assert.match(await switcher.locator('option:checked').innerText(), /Fabrikam Test/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('tenants of one file are kept apart and the switcher picks the one shown', async () => {
  const page = await dataPage();
  await upload(page, [fixture('data/two-tenants.json')]);
  assert.equal(await page.getByTestId('stored-tenant').count(), 2);
  const switcher = page.getByTestId('tenant-switcher');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  const first = await valueOf(page, 'score-current');
  const second = await switcher.locator('option').nth(1).getAttribute('value');
  await switcher.selectOption(second);
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid=score-current]').dataset.value) !== v, first);
  assert.match(await page.locator('.ss-tenant-name').innerText(), /22222222|11111111/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every bad input gets an error naming the file and the place; the data shown stays', async () => {
  const page = await dataPage();
  await upload(page, [fixture('graph-real/secureScore.json'), fixture('graph-real/profiles.json')]);
  const big = join(tmp, 'huge.json');
  await writeFile(big, Buffer.alloc(100 * 1024 * 1024, 0x20));
  const cases = [
    ['data/malformed.json', /malformed\.json.*line 6, column \d+/s],
    ['data/other-shape.json', /other-shape\.json.*this JSON is an object with the fields "items", "name", "version"/s],
    ['data/empty.json', /empty\.json.*the file is empty/s],
    ['data/binary.json', /binary\.json.*binary data/s],
    ['data/latin1.json', /latin1\.json.*not valid UTF-8.*byte offset/s],
    ['data/missing-field.json', /missing-field\.json.*value\[0\].*createdDateTime/s],
    ['data/null-field.json', /null-field\.json.*value\[0\]\.controlScores\[0\]\.score/s],
    ['data/negative.json', /negative\.json.*value\[0\]\.controlScores\[1\]\.score.*negative/s],
    ['data/nan.json', /nan\.json.*value\[0\]\.controlScores\[0\]\.score.*NaN/s],
    ['data/login.html', /login\.html.*web page \(HTML\)/s],
    [big, /huge\.json.*100 MB, more than the 64 MB/s],
  ];
  for (const [path, expected] of cases) {
    const started = Date.now();
    await upload(page, [path.startsWith('/') ? path : fixture(path)]);
    const text = await errorText(page);
    assert.match(text, expected, `${path}: ${text}`);
    assert.equal(await page.getByTestId('file-row').first().getAttribute('data-status'), 'error', path);
    if (path === big) assert.ok(Date.now() - started < 5000, 'refused before reading');
  }
  // Accepted with a warning.
  const questionable = [
    ['data/duplicate-days.json', /Warning.*duplicate-days\.json.*only the latest score of each date/s],
    ['data/future.json', /Warning.*future\.json.*after today.*2099-01-01/s],
    ['data/above-max.json', /Warning.*above-max\.json.*more points than the maximum.*AdminMFAV2/s],
    ['data/zero-max.json', /Warning.*zero-max\.json.*no points possible/s],
  ];
  for (const [path, expected] of questionable) {
    await upload(page, [fixture(path)]);
    assert.match(await errorText(page), expected, path);
  }
  await upload(page, [fixture('data/bom.json')]);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-status'), 'ok');
  // The page still works and the real tenant is still there.
  const select = page.getByTestId('tenant-switcher');
  const real = await select.locator('option', { hasText: '12345678-1234' }).getAttribute('value');
  await select.selectOption(real);
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  assert.equal(await valueOf(page, 'score-current'), 128);
  assert.equal(await page.getByRole('alert').filter({ hasText: /stopped after an internal error/ }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('two imports with overlapping days are merged, survive a reload, and clear returns to the demo', async () => {
  const page = await dataPage();
  await upload(page, [fixture('data/history-a.json')]);
  assert.equal(await storedDays(page), 3);
  await upload(page, [fixture('data/history-b.json')]);
  assert.equal(await storedDays(page), 5);
  const tenant = page.getByTestId('stored-tenant').first();
  assert.equal(await tenant.getAttribute('data-first'), '2026-01-01');
  assert.equal(await tenant.getAttribute('data-last'), '2026-01-05');
  assert.match(await tenant.innerText(), /1 Jan 2026 – 5 Jan 2026/, 'the range as people read it');
  // The day in both (2026-01-03) keeps the later computation: 3 + 1 points.
  await page.goto(`${server.url}#/analyzer?day=2026-01-03`);
  await page.getByTestId('day-score').waitFor();
  assert.equal(await valueOf(page, 'day-score'), 4);

  // Importing the same data again changes nothing.
  await page.goto(`${server.url}#/data`);
  await page.reload();
  await page.getByTestId('stored-tenant').first().waitFor();
  assert.equal(await storedDays(page), 5);
  assert.match(await page.getByTestId('source-status').innerText(), /history-b\.json[\s\S]*kept in this browser/);
  assert.equal(await page.getByTestId('demo-banner').count(), 0);
  const before = await idbDump(page);
  await upload(page, [fixture('data/history-b.json')]);
  assert.equal(await storedDays(page), 5);
  const after = JSON.parse(await idbDump(page)).filter((r) => r.includes('"tenant"'));
  const strip = (r) => JSON.stringify({ ...JSON.parse(r), savedAt: 0 });
  assert.deepEqual(after.map(strip), JSON.parse(before).filter((r) => r.includes('"tenant"')).map(strip));

  await page.getByTestId('clear-local-data').click();
  await page.getByTestId('demo-banner').waitFor();
  assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'demo');
  await page.reload();
  await page.getByTestId('demo-banner').waitFor();
  assert.equal(await page.getByTestId('stored-tenant').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a full browser store is reported and the imported data is still shown', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(`${server.url}#/data`);
  await upload(page, [fixture('graph-real/secureScore.json'), fixture('graph-real/profiles.json')]);
  assert.match(await errorText(page), /Browser storage.*full \(QuotaExceededError\)/s);
  assert.match(await page.getByTestId('source-status').innerText(), /not kept/);
  await page.getByTestId('nav-overview').click();
  assert.equal(await valueOf(page, 'score-current'), 128);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a corrupted store is reported, left alone, and the app still works', async () => {
  const page = await dataPage();
  await upload(page, [fixture('data/history-a.json')]);
  await page.evaluate(() => new Promise((ok) => {
    const open = indexedDB.open('secure-score');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('data', 'readwrite');
      const store = tx.objectStore('data');
      store.getAllKeys().onsuccess = (e) => {
        for (const key of e.target.result) if (key.startsWith('tenant/')) store.put('{"version": 1, "history": {"tenant": tru', key);
      };
      tx.oncomplete = () => { db.close(); ok(); };
    };
  }));
  await page.reload();
  await page.getByTestId('source-status').waitFor();
  await page.waitForFunction(() => /could not be read/.test(document.querySelector('[data-testid=import-error]').innerText));
  assert.match(await errorText(page), /Data kept in this browser.*tenant graph\/id:11111111.*could not be read \(not JSON/s);
  // Nothing readable was kept: the demo is shown; a new import works.
  await page.getByTestId('demo-banner').waitFor();
  await upload(page, [fixture('data/history-b.json')]);
  assert.equal(await storedDays(page), 3);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('drag and drop anywhere: the drop zone shows, the drop imports', async () => {
  const page = await open(browser, `${server.url}#/overview`);
  await page.getByTestId('demo-banner').waitFor();
  const text = await readFile(fixture('data/history-a.json'), 'utf8');
  const transfer = await page.evaluateHandle((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, text);
  const zone = page.getByTestId('drop-zone');
  assert.equal(await zone.isVisible(), false);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await zone.waitFor({ state: 'visible' });
  await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: transfer });
  await zone.waitFor({ state: 'hidden' });
  await page.getByTestId('file-row').first().waitFor();
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-name'), 'dropped.json');
  await page.waitForURL(/#\/data/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an endpoint of 3 pages linked by nextLink is fetched whole', async () => {
  const page = await dataPage();
  const seen = server.requests.length;
  await connect(page, `${server.origin}/api/paged`);
  assert.equal(await storedDays(page), 3);
  const paged = server.requests.slice(seen).filter((r) => r.path.startsWith('/api/paged'));
  assert.deepEqual(paged.map((r) => r.path), ['/api/paged', '/api/paged?page=2&$skiptoken=x1', '/api/paged?page=3&$skiptoken=x2']);
  // Fetched by the import worker, off the page's main thread.
  for (const request of paged) assert.match(request.headers.referer, /\/import_worker_loader\.js$/);
  const status = await page.getByTestId('source-status');
  assert.equal(await status.getAttribute('data-kind'), 'endpoint');
  assert.match(await status.innerText(), /Endpoint: http:\/\/127\.0\.0\.1:\d+\/api\/paged/);
  assert.match(await status.innerText(), /Last refresh/);
  // Auto-refresh can be set once an endpoint is connected; Refresh fetches again.
  const auto = page.getByTestId('source-auto-refresh');
  assert.equal(await auto.isEnabled(), true);
  await auto.selectOption('daily');
  assert.equal(await auto.inputValue(), 'daily');
  const again = server.requests.length;
  await finished(page, () => page.getByTestId('source-refresh').click());
  assert.equal(server.requests.slice(again).filter((r) => r.path.startsWith('/api/paged')).length, 3);
  assert.equal(await storedDays(page), 3);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('401 and 403 show what admin role and permission are needed; the data stays', async () => {
  for (const status of [401, 403]) {
    const page = await dataPage();
    await upload(page, [fixture('data/history-a.json')]);
    await connect(page, `${server.origin}/api/${status}`);
    const panel = page.getByTestId('admin-required');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-status'), String(status));
    const text = await panel.innerText();
    for (const words of [/Global Reader/, /Security Reader/, /Security Operator/, /Security Administrator/, /custom admin role/, /SecurityEvents\.Read\.All/, /share a report/]) {
      assert.match(text, words, `${status}: ${words}`);
    }
    assert.match(await errorText(page), new RegExp(`/api/${status}.*HTTP ${status}`, 's'));
    assert.equal(await storedDays(page), 3);
    assert.deepEqual(unexpected(page), []);
    await page.context().close();
  }
});

test('429 with Retry-After: 1, and 500, are retried then succeed', async () => {
  for (const route of ['429', '500']) {
    const page = await dataPage();
    const started = Date.now();
    await connect(page, `${server.origin}/api/${route}?run=ok`);
    const took = Date.now() - started;
    assert.equal(await storedDays(page), 3, route);
    assert.equal(hits.get(`/api/${route}?ok`), 2);
    if (route === '429') assert.ok(took >= 1000, `waited ${took} ms for Retry-After: 1`);
    // No error (the engine's warnings about the missing profiles remain).
    assert.equal(await page.locator('.ss-data-errors').count(), 0, await errorText(page));
    assert.deepEqual(unexpected(page), []);
    await page.context().close();
  }
});

test('a 503 that never ends stops after 4 retries and says so', async () => {
  const page = await dataPage();
  await connect(page, `${server.origin}/api/503-always?run=x`);
  assert.equal(hits.get('/api/503-always?x'), 5);
  assert.match(await errorText(page), /HTTP 503.*after 4 retries.*ServiceUnavailable/s);
  assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'demo');
  await page.context().close();
});

test('a server that never answers times out (?timeout=), and a fetch can be cancelled', async () => {
  const page = await dataPage('?timeout=700');
  await upload(page, [fixture('data/history-a.json')]);
  const started = Date.now();
  await connect(page, `${server.origin}/api/hang`);
  assert.ok(Date.now() - started < 10_000);
  assert.match(await errorText(page), /\/api\/hang.*did not answer within 1 s/s);
  assert.equal(await storedDays(page), 3);
  await page.context().close();

  const slow = await dataPage();
  await slow.getByTestId('source-url').fill(`${server.origin}/api/hang`);
  await slow.getByTestId('source-connect').click();
  await slow.getByTestId('source-progress').waitFor();
  await slow.getByTestId('source-cancel').click();
  await slow.waitForFunction(() => /cancelled/.test(document.querySelector('[data-testid=import-error]').innerText));
  assert.equal(await slow.getByTestId('source-status').getAttribute('data-kind'), 'demo');
  // The cancel ended the import worker: the next fetch starts another.
  await connect(slow, `${server.origin}/api/paged`);
  assert.equal(await storedDays(slow), 3);
  assert.doesNotMatch(await errorText(slow), /cancelled|Import worker/);
  assert.deepEqual(unexpected(slow), []);
  await slow.context().close();
});

test('HTML instead of JSON, a 404, a network failure and a 206 each get their message', async () => {
  const page = await dataPage();
  await connect(page, `${server.origin}/api/html`);
  assert.match(await errorText(page), /\/api\/html.*web page \(HTML\), not JSON.*sign-in page/s);
  await connect(page, `${server.origin}/api/html-as-json`);
  assert.match(await errorText(page), /web page \(HTML\)/);
  await connect(page, `${server.origin}/api/missing`);
  assert.match(await errorText(page), /HTTP 404.*check the URL.*ResourceNotFound/s);
  await connect(page, 'http://127.0.0.1:9/nothing-listens-here');
  assert.match(await errorText(page), /could not be reached.*CORS/s);
  await connect(page, `${server.origin}/api/206`);
  assert.match(await errorText(page), /Warning.*206 Partial Content.*only the last 3 days/s);
  assert.equal(await storedDays(page), 3);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('the token reaches the endpoint only, in the Authorization header, and is never stored', async () => {
  const page = await dataPage();
  const seen = server.requests.length;
  await connect(page, `${server.origin}/api/token/secureScores`, TOKEN);
  await page.getByTestId('nav-overview').click();
  assert.equal(await valueOf(page, 'score-current'), 128);
  const api = server.requests.slice(seen).filter((r) => r.path.startsWith('/api/token/'));
  // The profiles are asked for beside the scores' pages, so in any order.
  assert.deepEqual(api.map((r) => r.path).sort(), [
    '/api/token/secureScoreControlProfiles', '/api/token/secureScores', '/api/token/secureScores?page=2',
  ]);
  for (const r of api) assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
  for (const r of server.requests) assert.ok(!r.path.includes(TOKEN), r.path);
  for (const r of server.requests.slice(seen).filter((r) => !r.path.startsWith('/api/token/'))) {
    assert.equal(r.headers.authorization, undefined, r.path);
  }
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href + document.cookie);
  assert.ok(!storage.includes(TOKEN));
  assert.ok(!(await idbDump(page)).includes(TOKEN));
  assert.ok(!page.url().includes(TOKEN));
  // Not in the page either, except the password field's own value.
  const html = await page.content();
  assert.ok(!html.includes(TOKEN));
  // A nextLink to another origin is not followed with the token.
  await page.getByTestId('nav-data').click();
  const otherSeen = other.requests.length;
  await connect(page, `${server.origin}/api/cross`, TOKEN);
  assert.equal(other.requests.length, otherSeen);
  assert.match(await errorText(page), /Warning.*another site.*not fetched/s);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('a source configured by ?source= or config.json is fetched at start instead of the demo', async () => {
  const page = await open(browser, `${server.url}?source=${encodeURIComponent('/api/paged')}#/overview`);
  await page.getByTestId('score-current').waitFor();
  assert.equal(await page.getByTestId('demo-banner').count(), 0);
  await page.getByTestId('nav-data').click();
  assert.match(await page.getByTestId('source-status').innerText(), /\/api\/paged[\s\S]*configured by the page address/);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const configured = await startServer({
    routes: {
      '/config.json': (req, res) => send(res, 200, { source: 'api/401' }),
      '/api/401': (req, res) => send(res, 401, { error: { code: 'x' } }),
    },
  });
  try {
    const failing = await open(browser, `${configured.url}#/overview`);
    await failing.getByTestId('app-error').filter({ hasText: /could not be loaded/ }).waitFor();
    assert.match(await failing.getByTestId('app-error').innerText(), /\/api\/401.*HTTP 401/s);
    assert.equal(await failing.getByTestId('demo-banner').count(), 0);
    await failing.getByTestId('nav-data').click();
    await failing.getByTestId('admin-required').waitFor();
    await failing.context().close();
  } finally {
    await configured.close();
  }
});

test('a ?source= on another site is fetched only after the admin allows it', async () => {
  const history = await json('data/history-a.json');
  const foreign = await startServer({
    routes: { '/graph/scores': (req, res) => send(res, 200, history, { 'access-control-allow-origin': '*' }) },
  });
  try {
    const url = `${foreign.url.replace(/\/$/, '')}/graph/scores`;
    const page = await open(browser, `${server.url}?source=${encodeURIComponent(url)}#/overview`);
    const prompt = page.getByTestId('link-source-prompt');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), new RegExp(`another site[\\s\\S]*${foreign.origin.replace(/[.]/g, '\\.')}`));
    assert.equal(await prompt.getAttribute('role'), 'alertdialog');
    // Nothing was fetched: the demo shows meanwhile, on every page.
    await page.getByTestId('demo-banner').waitFor();
    assert.equal(foreign.requests.filter((r) => r.path.startsWith('/graph/')).length, 0);
    await page.getByTestId('nav-actions').click();
    await prompt.waitFor();

    // Dismissed: still nothing fetched, the demo stays.
    await page.getByTestId('link-source-dismiss').click();
    assert.equal(await prompt.count(), 0);
    assert.equal(foreign.requests.filter((r) => r.path.startsWith('/graph/')).length, 0);
    await page.getByTestId('demo-banner').waitFor();
    await page.context().close();

    // Allowed: fetched and shown as the endpoint's data.
    const again = await open(browser, `${server.url}?source=${encodeURIComponent(url)}#/overview`);
    await again.getByTestId('link-source-allow').click();
    await again.getByTestId('demo-banner').waitFor({ state: 'detached' });
    assert.ok(foreign.requests.some((r) => r.path === '/graph/scores'));
    const expected = history.value.reduce((a, b) => (a.createdDateTime > b.createdDateTime ? a : b)).currentScore;
    assert.equal(await valueOf(again, 'score-current'), expected);
    assert.equal(await again.getByTestId('link-source-prompt').count(), 0);
    assert.deepEqual(again.problems, []);
    await again.context().close();
  } finally {
    await foreign.close();
  }
});

/** Writes a Graph secureScores export of 700 days, about 50 MB. */
async function fiftyMegabytes() {
  const controls = (await json('graph-real/secureScore.json')).value[0].controlScores;
  const pad = 'x'.repeat(330);
  const start = Date.UTC(2023, 0, 1);
  const days = [];
  for (let i = 0; i < 700; i++) {
    const date = new Date(start + i * 86400000).toISOString().slice(0, 10);
    days.push({
      id: `t_${date}`, azureTenantId: TENANT, createdDateTime: `${date}T00:00:00Z`,
      currentScore: 100 + (i % 50), maxScore: 274, enabledServices: ['HasEXOP2'],
      averageComparativeScores: [],
      controlScores: controls.map((c) => ({ ...c, description: `${c.description ?? ''}${pad}` })),
    });
  }
  const path = join(tmp, 'fifty.json');
  await writeFile(path, JSON.stringify({ value: days }));
  return path;
}

test('a 50 MB Graph export is imported in the worker: the page keeps painting, progress shows each stage, the worker downloads the import path only', async () => {
  const path = await fiftyMegabytes();
  const size = (await readFile(path)).length;
  assert.ok(size > 45 * 1024 * 1024 && size < 64 * 1024 * 1024, `${size} bytes`);

  const before = server.requests.length;
  const page = await dataPage();
  // A heartbeat: frames painted, counted by the stage the progress bar shows.
  await page.evaluate(() => {
    window.__ticks = {};
    window.__stages = [];
    window.__gaps = [];
    let last = performance.now();
    const tick = (now) => {
      const stage = document.querySelector('[data-testid=source-progress]')?.dataset.stage ?? 'none';
      if (window.__stages.at(-1) !== stage) window.__stages.push(stage);
      window.__ticks[stage] = (window.__ticks[stage] ?? 0) + 1;
      window.__gaps.push(now - last); last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver(() => {
      const stage = document.querySelector('[data-testid=source-progress]')?.dataset.stage;
      if (stage && window.__stages.at(-1) !== stage) window.__stages.push(stage);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
  });
  const started = Date.now();
  await finished(page, () => page.getByTestId('file-input').setInputFiles(path), 120_000);
  const total = Date.now() - started;
  const { ticks, stages, gaps } = await page.evaluate(() => {
    window.__stop = true;
    return { ticks: window.__ticks, stages: window.__stages, gaps: window.__gaps.sort((a, b) => b - a).slice(0, 5).map(Math.round) };
  });
  const parse = Number(await page.getByTestId('file-row').first().getAttribute('data-parse-ms'));
  console.log(`# 50 MB file: ${(size / 1048576).toFixed(1)} MB, total ${total} ms, parse+detect in the worker ${parse} ms; stages ${stages.join(' > ')}; frames per stage ${JSON.stringify(ticks)}; longest frame gaps ${gaps.join(', ')} ms`);
  // Every stage showed, in order.
  const order = ['reading', 'parsing', 'importing', 'saving'];
  const seen = stages.filter((s) => order.includes(s));
  assert.deepEqual([...new Set(seen)], order, stages.join(' > '));
  // The page painted frames while the worker parsed and imported.
  assert.ok((ticks.parsing ?? 0) + (ticks.importing ?? 0) > 1, JSON.stringify(ticks));
  // The worker did it: no error, and its result is the same as the page's.
  const alert = (await page.getByTestId('import-error').count()) ? await errorText(page) : '';
  assert.doesNotMatch(alert, /Import worker/);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-days'), '700');
  assert.equal(await storedDays(page), 700);
  // The worker downloaded its entry script and the import path's chunks: it
  // runs the page's compiled wasm. The page fetched its wasm and the Data
  // page's chunks. Each file once (a chunk both need comes from the cache).
  const fetched = server.requests.slice(before).map((r) => r.path);
  assert.ok(fetched.includes('/import_worker_loader.js'), fetched.join(' '));
  const chunksOf = async (split) => [...(await chunkSplits())].filter(([, splits]) => splits.includes(split)).map(([file]) => `/${file}`);
  const [dataChunks, importChunks] = [await chunksOf('data'), await chunksOf('import_path')];
  assert.ok(dataChunks.length > 0 && importChunks.length > 0, 'the Data page and the import path are split off');
  const expected = new Set([`/${await asset('secure-score_bg.wasm')}`, ...dataChunks, ...importChunks]);
  assert.deepEqual(fetched.filter((path) => path.endsWith('.wasm')).sort(), [...expected].sort());
  await page.getByTestId('nav-overview').click();
  assert.equal(await valueOf(page, 'score-current'), 149);
  assert.equal(await valueOf(page, 'score-max'), 274);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('when the worker is blocked, missing or broken, the page says so and imports (and fetches) itself', async () => {
  const csp = await startServer({ headers: { 'content-security-policy': "worker-src 'none'" }, routes: { '/api/paged': pagedRoute } });
  const variants = [
    ['a Content Security Policy (worker-src none)', csp.url, null],
    ['no Worker at all', server.url, (context) => context.addInitScript(() => {
      window.Worker = function Worker() { throw new DOMException('workers are off in this test', 'SecurityError'); };
    })],
    ['a worker whose script is missing', server.url, (context) => context.route('**/import_worker_loader.js', (route) => route.fulfill({ status: 404, body: 'gone' }))],
  ];
  try {
    for (const [what, url, setup] of variants) {
      const context = await browser.newContext();
      await setup?.(context);
      const page = await context.newPage();
      page.problems = [];
      page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
      await page.goto(`${url}#/data`);
      await page.getByTestId('source-status').waitFor();
      await upload(page, [fixture('data/history-a.json')]);
      await upload(page, [fixture('graph-real/secureScore.json'), fixture('graph-real/profiles.json')]);
      assert.match(await errorText(page), /Import worker.*could not run in the background.*imported on the page itself/s, what);
      // The same result as through the worker, and the earlier import stays.
      const select = page.getByTestId('tenant-switcher');
      assert.equal(await select.locator('option').count(), 2, what);
      await page.getByTestId('nav-overview').click();
      assert.equal(await valueOf(page, 'score-current'), 128, what);
      // Bad input still gets its message.
      await page.getByTestId('nav-data').click();
      await upload(page, [fixture('data/malformed.json')]);
      assert.match(await errorText(page), /malformed\.json.*line 6, column \d+/s, what);
      // An endpoint too: the page fetches and imports it itself.
      const host = url === csp.url ? csp : server;
      const seen = host.requests.length;
      await connect(page, `${host.origin}/api/paged`);
      assert.match(await errorText(page), /Import worker.*could not be fetched in the background.*fetched and imported on the page itself/s, what);
      assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'endpoint', what);
      const requests = host.requests.slice(seen).filter((r) => r.path.startsWith('/api/paged'));
      assert.ok(requests.length >= 3 && requests.every((r) => !/import_worker/.test(r.headers.referer)), what);
      assert.deepEqual(page.problems, [], what);
      await context.close();
    }
  } finally {
    await csp.close();
  }
});

test('when the import path cannot be downloaded, imports and fetches say to check the connection, and the data shown stays', async () => {
  // The import path's own chunk is gone (a dropped connection, a deploy
  // that replaced it): for the worker and for the page's fallback alike.
  let missing = true;
  const chunk = await asset('split_secure_score_import_path.wasm');
  const bytes = await readFile(join(DIST, chunk));
  const offline = await startServer({ routes: {
    [`/${chunk}`]: (req, res) => {
      res.writeHead(missing ? 503 : 200, { 'content-type': 'application/wasm' });
      res.end(missing ? '' : bytes);
    },
    '/api/paged': pagedRoute,
  } });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${offline.url}#/overview`);
    const shown = await valueOf(page, 'score-current');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('source-status').waitFor();
    await upload(page, [fixture('data/history-a.json')]);
    assert.match(await errorText(page), /Import.*code for importing could not be downloaded: check the connection and try again/s);
    await connect(page, `${offline.origin}/api/paged`);
    assert.match(await errorText(page), /api\/paged.*code for importing could not be downloaded: check the connection/s);
    // Nothing was imported, and the demo is still shown.
    assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'demo');
    await page.getByTestId('nav-overview').click();
    assert.equal(await valueOf(page, 'score-current'), shown);
    // Back online, the same import works without a reload.
    missing = false;
    await page.getByTestId('nav-data').click();
    await upload(page, [fixture('data/history-a.json')]);
    assert.doesNotMatch(await errorText(page), /could not be downloaded|Import worker/);
    assert.equal(await page.getByTestId('source-status').getAttribute('data-kind'), 'files');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await offline.close();
  }
});

test('the data page fits a phone, with tables scrolling inside their cards', async () => {
  for (const theme of ['light', 'dark']) {
    const page = await open(browser, `${server.url}#/data`, { viewport: { width: 360, height: 740 }, colorScheme: theme });
    await page.getByTestId('source-status').waitFor();
    await upload(page, [fixture('data/two-tenants.json'), fixture('data/empty.json')]);
    await page.getByTestId('stored-tenant').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${theme}: page is ${width}px wide`);
    assert.ok(await page.getByTestId('tenant-switcher').isVisible());
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('stale data says its date on the Overview; Refresh is offered where the source can refresh, else an upload', async () => {
  const demo = await dataPage();
  await demo.getByTestId('nav-overview').click();
  await demo.getByTestId('score-current').waitFor();
  assert.equal(await demo.getByTestId('stale-data').count(), 0, 'the demo ends yesterday');
  await demo.context().close();

  const page = await dataPage();
  await upload(page, [fixture('data/history-a.json')]);
  const newest = (await json('data/history-a.json')).value.map((s) => s.createdDateTime.slice(0, 10)).sort().at(-1);
  await page.getByTestId('nav-overview').click();
  const note = page.getByTestId('stale-data');
  await note.waitFor();
  assert.equal(await note.getAttribute('data-date'), newest);
  const days = Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(newest)) / 86400000);
  assert.match(await note.innerText(), new RegExp(`, ${days} days ago: .*Upload a newer export`));
  assert.equal(await note.getByRole('button', { name: 'Refresh' }).count(), 0, 'a file has nothing to refresh');

  await page.getByTestId('nav-data').click();
  await connect(page, `${server.origin}/api/paged`);
  await page.getByTestId('nav-overview').click();
  const again = server.requests.length;
  const fetched = () => server.requests.slice(again).filter((r) => r.path.startsWith('/api/paged')).length;
  await page.getByTestId('stale-data').getByRole('button', { name: 'Refresh' }).click();
  for (let i = 0; i < 400 && fetched() < 3; i += 1) await new Promise((ok) => setTimeout(ok, 25));
  assert.equal(fetched(), 3, 'Refresh fetched the endpoint again');
  await page.getByTestId('stale-data').getByRole('button', { name: 'Refresh', disabled: false }).waitFor();
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('an admin names a tenant: the name shows everywhere, survives a reload and later imports', async () => {
  const page = await dataPage();
  await upload(page, [fixture('data/history-a.json')]);
  const row = page.getByTestId('stored-tenant').first();
  const id = await row.getAttribute('data-tenant');
  await row.getByTestId('tenant-name').fill('  Contoso HQ ');
  await row.getByTestId('tenant-rename').click();
  await page.getByTestId('stored-tenant').first().locator('th', { hasText: `Contoso HQ (${id})` }).waitFor();
  await page.getByTestId('nav-overview').click();
  assert.match(await page.locator('.ss-tenant-name').innerText(), new RegExp(`^Contoso HQ \\(${id}\\)`));
  await page.waitForURL(/#\/overview$/);
  await page.reload();
  await page.locator('.ss-tenant-name', { hasText: 'Contoso HQ' }).waitFor();
  await page.getByTestId('nav-data').click();
  await upload(page, [fixture('data/history-a.json')]);
  assert.equal(await page.getByTestId('stored-tenant').first().getByTestId('tenant-name').inputValue(), 'Contoso HQ');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('Clear stored data leaves no status behind: nothing of the tenants or of the admin\'s statuses stays in the browser', async () => {
  const page = await dataPage();
  await upload(page, [fixture('data/history-a.json')]);
  await page.getByTestId('nav-actions').click();
  const first = page.getByTestId('action-row').first();
  await first.locator('.ss-action-toggle').click();
  await first.getByTestId('action-status').selectOption('third-party');
  const statusKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('secure-score.statuses.')));
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('secure-score.statuses.')));
  assert.equal((await statusKeys()).length, 1);
  await page.getByTestId('nav-data').click();
  assert.match(await page.locator('.ss-data-source').innerText(), /and your statuses of their actions/);
  await page.getByTestId('clear-local-data').click();
  await page.getByTestId('demo-banner').waitFor();
  assert.deepEqual(await statusKeys(), []);
  assert.deepEqual(JSON.parse(await idbDump(page)), []);
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('action-row').first().waitFor();
  assert.equal(await page.locator('[data-testid=action-row][data-status=third-party]').count(), 0, 'the demo shows no status of the cleared tenant');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('daily auto-refresh reads again on return to the tab once the next score is due, not before', async () => {
  const page = await dataPage();
  await connect(page, `${server.origin}/api/paged`);
  await page.getByTestId('source-auto-refresh').selectOption('daily');
  const fetched = () => server.requests.filter((r) => r.path.startsWith('/api/paged')).length;
  const returned = () => page.evaluate(async () => {
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    // Let the app's tasks started by the event run.
    await new Promise((ok) => setTimeout(ok, 0));
  });
  const before = fetched();
  await returned();
  assert.equal(fetched(), before, 'not due yet: nothing is read');
  assert.equal(await page.getByTestId('source-refresh').isEnabled(), true);

  await page.clock.setSystemTime(new Date(Date.now() + 26 * 3600 * 1000));
  await finished(page, returned);
  assert.equal(fetched(), before + 3, 'due: the endpoint is read again, every page');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});
