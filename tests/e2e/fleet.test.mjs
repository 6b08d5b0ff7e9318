// The Fleet page: four tenants' Graph exports and one profiles file chosen
// together land side by side; the fleet view shows each tenant's own score
// and name, sorts by a column header, filters, flags stale data, opens a
// tenant's dashboard from the keyboard, ranks the controls the fleet is
// missing with a drill-down, and exports both views as guarded CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startServer, launch, open, valueOf, parseCsvLine } from './harness.mjs';

/** Control id → [title, points possible, category]. */
const CONTROLS = {
  MfaRegistrationV2: ['Ensure multifactor authentication is enabled for all users', 10, 'Identity'],
  BlockLegacyAuthentication: ['Enable policy to block legacy authentication', 8, 'Identity'],
  SelfServicePasswordReset: ['Enable self-service password reset', 1, 'Identity'],
  AuditLogSearch: ['Turn on audit log search', 5, 'Apps'],
};
const IDS = Object.keys(CONTROLS);
/**
 * Each tenant: its id, its newest day (days before today), and its points
 * per control on the newest days (`older`: points 7 days and more before).
 */
const TENANTS = {
  a: { id: 'aaaaaaaa-0000-4000-8000-00000000000a', back: 1, points: [10, 0, 0, 5] },
  b: { id: 'bbbbbbbb-0000-4000-8000-00000000000b', back: 1, points: [0, 0, 1, 5] },
  c: { id: 'cccccccc-0000-4000-8000-00000000000c', back: 1, points: [10, 8, 0, 0], older: [10, 0, 0, 0] },
  d: { id: 'dddddddd-0000-4000-8000-00000000000d', back: 10, points: [0, 4, 1, 5] },
};
const DAYS = 40;
const sum = (xs) => xs.reduce((s, x) => s + x, 0);
const score = (key) => sum(TENANTS[key].points);

/** YYYY-MM-DD of `days` before today, in the local time zone (the app's). */
function dayBefore(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A tenant's secureScores export, newest first as Graph sends it. */
function scores(key) {
  const t = TENANTS[key];
  const value = [];
  for (let d = 0; d < DAYS; d++) {
    const date = dayBefore(t.back + d);
    const points = d >= 7 && t.older ? t.older : t.points;
    value.push({
      id: `${t.id}_${date}`,
      azureTenantId: t.id,
      createdDateTime: `${date}T12:00:00Z`,
      currentScore: sum(points),
      maxScore: sum(IDS.map((id) => CONTROLS[id][1])),
      enabledServices: ['HasEXOP2', 'HasAADP2'],
      averageComparativeScores: [],
      controlScores: IDS.map((id, i) => ({
        controlCategory: CONTROLS[id][2],
        controlName: id,
        score: points[i],
        scoreInPercentage: (points[i] / CONTROLS[id][1]) * 100,
      })),
    });
  }
  return { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/secureScores', value };
}

const PROFILES = {
  value: IDS.map((id, rank) => ({
    id, title: CONTROLS[id][0], maxScore: CONTROLS[id][1], rank, service: 'AzureAD', tier: 'Core',
    actionType: 'Config', userImpact: 'Low', implementationCost: 'Low', threats: [], remediation: '',
    remediationImpact: '', deprecated: false, controlCategory: CONTROLS[id][2], controlStateUpdates: [],
  })),
};

let server, browser, tmp, files;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ss-fleet-'));
  files = [];
  for (const key of Object.keys(TENANTS)) {
    const path = join(tmp, `secureScores-${key}.json`);
    await writeFile(path, JSON.stringify(scores(key)));
    files.push(path);
  }
  files.push(join(tmp, 'profiles.json'));
  await writeFile(files.at(-1), JSON.stringify(PROFILES));
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Runs `action` and waits until the import it starts has finished. */
async function finished(page, action) {
  const before = Number(await page.getByTestId('source-status').getAttribute('data-finished'));
  await action();
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);
}

/** The four tenants uploaded together, A and B named on the Data page. */
async function fleetPage() {
  const page = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.getByTestId('source-status').waitFor();
  await finished(page, () => page.getByTestId('file-input').setInputFiles(files));
  assert.equal(await page.getByTestId('stored-tenant').count(), 4, 'one tenant per file, side by side');
  for (const [key, name] of [['a', 'Contoso'], ['b', '=HYPERLINK("http://evil.example")']]) {
    const row = page.locator(`[data-testid=stored-tenant][data-tenant="${TENANTS[key].id}"]`);
    await row.getByTestId('tenant-name').fill(name);
    await row.getByTestId('tenant-rename').click();
    await row.locator('th', { hasText: name }).waitFor();
  }
  await page.getByTestId('nav-fleet').click();
  await page.getByTestId('fleet-row').nth(3).waitFor();
  return page;
}

const rowIds = (page) => page.getByTestId('fleet-row').evaluateAll((rows) => rows.map((r) => r.dataset.tenant));
const idsOf = (...keys) => keys.map((k) => TENANTS[k].id);

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  assert.match(file.suggestedFilename(), /^secure-score-fleet.*\.csv$/);
  return (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n').map(parseCsvLine);
}

test('one tenant (the demo): no Fleet link, and the page says what it needs', async () => {
  const page = await open(browser, `${server.url}#/fleet`);
  await page.getByTestId('fleet-empty').waitFor();
  assert.equal(await page.getByTestId('nav-fleet').isVisible(), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('every tenant shows its own score, name and newest data; columns sort, the filter and stale-only narrow the rows', async () => {
  const page = await fleetPage();
  // Default order: by label ("Name (id)", else the id), any case.
  assert.deepEqual(await rowIds(page), idsOf('b', 'c', 'a', 'd'));
  for (const key of Object.keys(TENANTS)) {
    const row = page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS[key].id}"]`);
    assert.equal(Number(await row.getAttribute('data-value')), score(key), key);
    assert.equal(await row.getAttribute('data-stale'), String(key === 'd'), key);
    assert.equal(await row.locator('time').getAttribute('datetime'), dayBefore(TENANTS[key].back));
  }
  const contoso = page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS.a.id}"]`);
  assert.match(await contoso.locator('th').innerText(), /^Contoso \(aaaaaaaa/);
  assert.match(await contoso.innerText(), /15\s+24\s+62\.5\s?%/);
  // C's legacy authentication block 7 days ago: +8 over 7 and 30 days.
  const c = page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS.c.id}"]`);
  assert.deepEqual(await c.locator('td[data-value]').evaluateAll((tds) => tds.map((td) => td.dataset.value)), ['8', '8']);
  assert.match(await page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS.d.id}"]`).innerText(), /stale, 10 days old/);

  const sortBy = (column) => page.locator(`[data-testid=fleet-sort][data-sort=${column}]`);
  const aria = (column) => sortBy(column).locator('xpath=..').getAttribute('aria-sort');
  await sortBy('score').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-row]').dataset.value === '18');
  assert.equal(await aria('score'), 'descending');
  assert.equal(await aria('tenant'), 'none');
  assert.deepEqual(await rowIds(page), idsOf('c', 'a', 'd', 'b'));
  // From the keyboard: the header button, Enter.
  await sortBy('score').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-row]').dataset.value === '6');
  assert.equal(await aria('score'), 'ascending');
  assert.deepEqual(await rowIds(page), idsOf('b', 'd', 'a', 'c'));

  await page.getByLabel('Filter by name or id').fill('CONTOSO');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-row]').length === 1);
  assert.deepEqual(await rowIds(page), idsOf('a'));
  assert.equal(await page.getByTestId('fleet-count').innerText(), '1 of 4 tenants shown');
  await page.getByLabel('Filter by name or id').fill('');
  await page.getByTestId('fleet-stale-only').check();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-row]').length === 1);
  assert.deepEqual(await rowIds(page), idsOf('d'));
  await page.getByTestId('fleet-stale-only').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=fleet-row]').length === 4);

  // The sparklines' table alternative: a row per tenant, a column per day.
  await page.locator('.ss-fleet-trends summary').click();
  const trend = page.getByTestId('fleet-trend-table');
  await trend.waitFor();
  assert.equal(await trend.locator('tbody tr').count(), 4);
  assert.equal(await trend.locator('thead th').count(), 31);
  // Its dates: the day and the month's name, the year at the first column
  // (and where it changes); ISO only in `datetime`.
  const heads = await trend.locator('thead time').evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute('datetime')]));
  assert.match(heads[0][0], /^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  for (const [text, iso] of heads) {
    assert.match(text, /^\d{1,2} [A-Z][a-z]{2}( \d{4})?$/);
    assert.equal(Number(text.split(' ')[0]), Number(iso.slice(8)), `${text} is ${iso}`);
  }
  const cRow = trend.locator(`tr[data-tenant="${TENANTS.c.id}"] td`);
  assert.equal(await cRow.last().innerText(), '18');
  assert.equal(await cRow.nth(21).innerText(), '10', 'C before its change');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a tenant opens on its Overview from the keyboard; back returns to the table as it was', async () => {
  const page = await fleetPage();
  await page.locator('[data-testid=fleet-sort][data-sort=percent]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-row]').dataset.value === '18');
  // Tab from the filter box reaches the column headers, then the rows' links.
  const link = page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS.b.id}"] a`);
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid=score-current]')?.dataset.value) === v, score('b'));
  await page.waitForURL(/#\/overview$/);
  assert.match(await page.locator('.ss-tenant-name').innerText(), /HYPERLINK/);
  await page.goBack();
  await page.getByTestId('fleet-row').first().waitFor();
  assert.equal(await page.locator('[data-testid=fleet-sort][data-sort=percent]').locator('xpath=..').getAttribute('aria-sort'), 'descending');
  // The row is clickable as a whole too.
  await page.locator(`[data-testid=fleet-row][data-tenant="${TENANTS.d.id}"] td`).first().click();
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid=score-current]')?.dataset.value) === v, score('d'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the controls the fleet misses are ranked; one shows the tenants lacking it and opens a tenant\'s action', async () => {
  const page = await fleetPage();
  const gaps = page.getByTestId('gap-row');
  await gaps.first().waitFor();
  const ranking = await gaps.evaluateAll((rows) => rows.map((r) => [r.dataset.control, r.dataset.missing, r.dataset.points]));
  assert.deepEqual(ranking, [
    ['BlockLegacyAuthentication', '3', '20'],
    ['MfaRegistrationV2', '2', '20'],
    ['SelfServicePasswordReset', '2', '2'],
    ['AuditLogSearch', '1', '5'],
  ]);
  assert.match(await gaps.first().innerText(), /Enable policy to block legacy authentication\s+Identity\s+3 of 4\s+20/);
  await gaps.first().getByRole('button').click();
  const detail = page.getByTestId('gap-detail');
  await detail.waitFor();
  assert.equal(await gaps.first().getByRole('button').getAttribute('aria-pressed'), 'true');
  const lacking = await detail.getByTestId('gap-tenant').evaluateAll((rows) => rows.map((r) => r.dataset.tenant));
  assert.deepEqual(lacking, idsOf('a', 'b', 'd'));
  assert.match(await detail.getByTestId('gap-tenant').nth(2).innerText(), /Partial\s+4 \/ 8\s+4/);
  await detail.getByTestId('gap-tenant').nth(2).locator('a').click();
  await page.locator('[data-testid=action-row][data-control=BlockLegacyAuthentication]').waitFor();
  await page.waitForURL(/#\/actions\?control=BlockLegacyAuthentication$/);
  assert.match(await page.getByTestId('tenant-switcher').locator('option:checked').innerText(), /^dddddddd/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('both views export as CSV, as shown, with formulas guarded', async () => {
  const page = await fleetPage();
  await page.locator('[data-testid=fleet-sort][data-sort=score]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fleet-row]').dataset.value === '18');
  const fleet = await download(page, 'fleet-export-csv');
  assert.deepEqual(fleet[0].slice(0, 9), ['Tenant', 'Tenant id', 'Score', 'Points possible', 'Percent',
    '7-day change', '30-day change', 'Newest data', 'Stale (days old)']);
  assert.equal(fleet[0].length, 9 + 30);
  assert.deepEqual(fleet.slice(1).map((r) => r[1]), idsOf('c', 'a', 'd', 'b'));
  assert.deepEqual(fleet[1].slice(2, 9), ['18', '24', '75', '8', '8', dayBefore(1), '']);
  assert.deepEqual(fleet[3].slice(7, 9), [dayBefore(10), '10']);
  assert.equal(fleet[4][0], '\'=HYPERLINK("http://evil.example")', 'the formula is quoted as text');
  for (const cell of fleet.flat()) assert.doesNotMatch(cell, /^[=+@]/);

  const gaps = await download(page, 'gaps-export-csv');
  assert.deepEqual(gaps[0], ['Control', 'Control id', 'Category', 'Tenants missing it', 'Tenants it applies to',
    'Points across the fleet', 'Tenants missing it (names)']);
  assert.deepEqual(gaps[1].slice(1, 6), ['BlockLegacyAuthentication', 'Identity', '3', '4', '20']);
  assert.match(gaps[1][6], /^Contoso \(aaaaaaaa[^;]*; =HYPERLINK[^;]*; dddddddd/);
  assert.equal(gaps.length, 5);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the shared report covers every tenant from the Fleet page, and with redaction names none', async () => {
  const page = await fleetPage();
  assert.equal(await page.getByTestId('share-all-tenants').isChecked(), true);
  const report = async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-report').click()]);
    assert.match(file.suggestedFilename(), /^secure-score-fleet-report-\d{4}-\d{2}-\d{2}\.html$/);
    return readFile(await file.path(), 'utf8');
  };
  const plain = await report();
  assert.equal(plain.match(/data-testid="fleet-row"/g).length, 4);
  assert.match(plain, /Contoso \(aaaaaaaa-0000-4000-8000-00000000000a\)/);
  assert.match(plain, /Enable policy to block legacy authentication<\/th><td>Identity<\/td><td class="num">3 of 4<\/td>/);
  assert.doesNotMatch(plain, /<script/i);
  await page.getByTestId('share-redact').getByLabel('tenant name and id').check();
  const redacted = await report();
  for (const t of Object.values(TENANTS)) assert.ok(!redacted.includes(t.id), `${t.id} in the redacted report`);
  assert.ok(!redacted.includes('Contoso') && !redacted.includes('HYPERLINK'));
  assert.match(redacted, /<th scope="row">Tenant 1<\/th>/);
  // The Overview's share button still makes the shown tenant's report.
  await page.getByTestId('share-all-tenants').uncheck();
  const [one] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-report').click()]);
  assert.match(one.suggestedFilename(), /^secure-score-report-/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a folder of exports: chosen with the folder picker, its JSON files land side by side; a dropped folder says to choose it', async () => {
  const folder = join(tmp, 'exports');
  await mkdir(folder);
  for (const path of files) await copyFile(path, join(folder, basename(path)));
  await writeFile(join(folder, 'notes.txt'), 'exported on Monday');
  const page = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 } });
  await page.getByTestId('source-status').waitFor();
  await finished(page, () => page.getByTestId('folder-input').setInputFiles(folder));
  assert.equal(await page.getByTestId('stored-tenant').count(), 4, 'one tenant per export in the folder');
  assert.deepEqual((await page.getByTestId('file-row').evaluateAll((rows) => rows.map((r) => r.dataset.name))).sort(),
    ['profiles.json', 'secureScores-a.json', 'secureScores-b.json', 'secureScores-c.json', 'secureScores-d.json'], 'only the .json files are read');
  await page.getByTestId('nav-fleet').click();
  await page.getByTestId('fleet-row').nth(3).waitFor();
  assert.equal(await page.getByTestId('fleet-row').count(), 4);

  // A folder dropped on the page (Chromium's own drag, through the DevTools protocol).
  await page.getByTestId('nav-overview').click();
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 300, y: 300, data });
  await page.waitForFunction(() => /This is a folder/.test(document.querySelector('[data-testid=import-error]')?.innerText ?? ''));
  assert.match(await page.getByTestId('import-error').innerText(), /exports[\s\S]*This is a folder: choose it with “Choose a folder”/);
  assert.equal(await page.getByTestId('stored-tenant').count(), 4, 'the tenants loaded stay');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
