// The Overview page on the data the app shows by default (the demo tenant):
// the numbers agree with each other, the top actions link to their details,
// and the page fits a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, open, valueOf } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const close = (a, b, tolerance, what) =>
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

async function overview(options) {
  const page = await open(browser, `${server.url}#/overview`, options);
  await page.getByTestId('score-current').waitFor();
  return page;
}

test('score, points possible and percentage agree; categories sum to the score', async () => {
  const page = await overview();
  const current = await valueOf(page, 'score-current');
  const max = await valueOf(page, 'score-max');
  const percent = await valueOf(page, 'score-percent');
  assert.ok(max > 0, 'points possible');
  assert.ok(current >= 0 && current <= max, `score ${current} of ${max}`);
  close(current / max * 100, percent, 0.01, 'percentage');

  const rows = page.getByTestId('category-row');
  const count = await rows.count();
  assert.ok(count >= 1 && count <= 5, `${count} category rows`);
  const categories = await rows.evaluateAll((els) => els.map((e) => ({
    category: e.dataset.category, earned: Number(e.dataset.earned), possible: Number(e.dataset.possible),
  })));
  for (const c of categories) {
    assert.ok(['Identity', 'Data', 'Device', 'Apps', 'Infrastructure'].includes(c.category), c.category);
    assert.ok(c.earned >= 0 && c.earned <= c.possible + 1e-9, JSON.stringify(c));
  }
  const earned = categories.reduce((sum, c) => sum + c.earned, 0);
  const possible = categories.reduce((sum, c) => sum + c.possible, 0);
  close(earned, current, 0.01 * count, 'categories sum to the score');
  close(possible, max, 0.01 * count, 'categories sum to the points possible');

  // The gauge is drawn as SVG nodes, not an image or a string.
  assert.equal(await page.locator('.ss-score-card svg circle').count(), 2);
  // The notes an admin needs to read the number right.
  const card = await page.locator('.ss-score-card').innerText();
  assert.match(card, /once a day/);
  assert.match(card, /48 hours/);
  assert.match(card, /not how likely a breach is/);
  assert.match(card, /Computed|Score of/);
  // The demo history is longer than 30 days: both changes are known.
  const changes = await page.locator('.ss-score-changes li').allInnerTexts();
  assert.equal(changes.length, 2);
  for (const change of changes) assert.doesNotMatch(change, /no data/, change);
  assert.deepEqual(page.problems, []);
});

test('the top actions are ordered by points to gain and open their details', async () => {
  const page = await overview();
  const items = page.locator('.ss-top-list > li');
  const count = await items.count();
  assert.ok(count >= 3 && count <= 5, `${count} top actions`);
  const gains = await page.locator('.ss-top-list [data-points-gain]')
    .evaluateAll((els) => els.map((e) => Number(e.dataset.pointsGain)));
  for (let i = 1; i < gains.length; i++) assert.ok(gains[i] <= gains[i - 1], `gains ${gains}`);
  const first = items.first();
  const id = await first.getAttribute('data-control');
  const href = await first.locator('a').getAttribute('href');
  assert.equal(href, `#/actions?control=${encodeURIComponent(id)}`);

  await first.locator('a').click();
  await page.waitForFunction(() => location.hash.startsWith('#/actions'));
  const row = page.locator(`[data-testid=action-row][data-control="${id}"]`);
  await row.getByTestId('action-detail').waitFor();
  assert.equal(await row.locator('.ss-action-toggle').getAttribute('aria-expanded'), 'true');
  close(Number(await row.getAttribute('data-points-gain')), gains[0], 0.005, 'gain on both pages');
  assert.deepEqual(page.problems, []);
});

test('what the score covers: services, and the excluded controls in a collapsible list', async () => {
  const page = await overview();
  const coverage = page.locator('.ss-coverage');
  assert.ok(await coverage.locator('.ss-chip').count() >= 1, 'services listed');
  // The demo tenant has no Defender for Identity, Cloud Apps or Endpoint:
  // their six controls count nowhere, and the list says why.
  const details = coverage.locator('details');
  assert.equal(await details.getAttribute('open'), null, 'collapsed by default');
  assert.match(await details.locator('summary').innerText(), /^6 controls excluded/);
  await details.locator('summary').click();
  const excluded = await details.locator('li').evaluateAll((els) => els.map((e) => [e.dataset.control, e.innerText]));
  assert.deepEqual(excluded.map(([id]) => id).sort(), ['AATP_Sensor', 'McasFirewallLogUpload', 'McasOAuthAppNotification',
    'mde_onboard_servers', 'mde_server_edr_block_mode', 'mde_tamper_protection']);
  for (const [id, text] of excluded) {
    const service = id.startsWith('mde') ? 'Defender for Endpoint' : id.startsWith('Mcas') ? 'Defender for Cloud Apps' : 'Defender for Identity';
    assert.ok(text.includes(`${service} is not among the tenant's services`), `${id}: ${text}`);
  }
});

test('the comparison table shows every column whole at common widths', async () => {
  const page = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 } });
  const status = page.getByTestId('source-status');
  await status.waitFor();
  const fixture = (name) => new URL(`../fixtures/graph-real/${name}`, import.meta.url).pathname;
  await page.getByTestId('file-input').setInputFiles([fixture('secureScore.json'), fixture('profiles.json')]);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > 0);
  await page.getByTestId('nav-overview').click();
  const table = page.locator('.ss-comparisons > .ss-table-scroll');
  for (const width of [1280, 1024, 768, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await table.waitFor();
    const [scroll, client] = await table.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok(scroll <= client, `${width}px: the table is ${scroll - client}px wider than its card`);
  }
  await page.context().close();
});

test('the daily computation is shown in the admin\'s time zone beside Pacific time, with the next score expected', async () => {
  // 4 Dec, noon UTC: today's computation was at 1 AM Pacific standard time
  // (09:00 UTC); the next score is expected an hour after tomorrow's.
  for (const [timezoneId, computed, next] of [['Europe/Paris', '10:00', '5 Dec 2026, 11:00'], ['America/New_York', '04:00', '5 Dec 2026, 05:00']]) {
    const context = await browser.newContext({ timezoneId });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date('2026-12-04T12:00:00Z'));
    await page.goto(`${server.url}#/overview`);
    // The zone is named after the first paint.
    const note = page.getByTestId('daily-computation').filter({ hasText: timezoneId });
    await note.waitFor();
    assert.ok((await note.innerText()).startsWith(
      `Microsoft computes it at about 1 AM Pacific time: ${computed} in ${timezoneId}. The next score is expected around ${next}.`), await note.innerText());
    assert.equal(await note.getAttribute('data-next'), '2026-12-05T10:00:00+00:00');
    await context.close();
  }
});

test('the overview fits a phone in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await overview({ viewport: { width: 375, height: 740 }, colorScheme });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${colorScheme}: ${overflow}px wider than the viewport`);
    assert.deepEqual(page.problems, []);
  }
});

test('an uploaded Graph export: reported score, comparisons, categories and its actions', async () => {
  const page = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 } });
  const status = page.getByTestId('source-status');
  await status.waitFor();
  const before = Number(await status.getAttribute('data-finished'));
  const fixture = (name) => new URL(`../fixtures/graph-real/${name}`, import.meta.url).pathname;
  await page.getByTestId('file-input').setInputFiles([fixture('secureScore.json'), fixture('profiles.json')]);
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);

  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  assert.match(await page.locator('.ss-page-sub').innerText(), /12345678-1234-1234-1234-1234567890abcd/);
  // The file's own currentScore and maxScore (secureScore.json).
  assert.equal(await valueOf(page, 'score-current'), 128);
  assert.equal(await valueOf(page, 'score-max'), 274);
  close(128 / 274 * 100, await valueOf(page, 'score-percent'), 0.01, 'percentage');
  const earned = await page.getByTestId('category-row').evaluateAll((els) =>
    els.reduce((sum, e) => sum + Number(e.dataset.earned), 0));
  close(earned, 128, 0.05, 'categories sum to the score');
  // Graph's averageComparativeScores, by basis.
  const comparisons = await page.locator('.ss-comparisons table').first().locator('tbody tr').allInnerTexts();
  assert.equal(comparisons.length, 2);
  assert.match(comparisons[0], /All organizations\s+54\.65/);
  assert.match(comparisons[1], /Organizations with 1–100 seats\s+48\.98/);

  // Its actions, by gain; Graph's HTML remediation rendered as safe rich text.
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('action-row').first().waitFor();
  const gains = (await page.getByTestId('action-row').evaluateAll((els) => els.map((e) => Number(e.dataset.pointsGain))));
  for (let i = 1; i < gains.length; i++) assert.ok(gains[i] <= gains[i - 1], `${gains}`);
  const row = page.locator('[data-testid=action-row][data-control=AATP_DefenderForIdentityIsNotInstalled]');
  await row.locator('.ss-action-toggle').click();
  const detail = row.getByTestId('action-detail');
  await detail.waitFor();
  const steps = await detail.locator('.ss-detail-section', { hasText: 'How to do it' }).innerText();
  assert.match(steps, /sensor page/);
  assert.doesNotMatch(steps, /<a|href=/);
  const link = detail.locator('.ss-rich-text a', { hasText: 'sensor page' });
  assert.match(await link.getAttribute('href'), /^https:\/\//);
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.deepEqual(page.problems, []);
});
