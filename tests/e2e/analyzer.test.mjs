// The Score Analyzer on the data the app shows by default (the demo
// tenant): picking a day shows exactly its controls, adding up to its
// score; what changed lists completed actions; the keyboard moves the
// selection, which survives a reload, and back and forward return to it;
// the range select sets the number of days; the exports work; the chart
// follows the theme and fits a phone (timings are printed by
// tests/e2e/perf.mjs, not asserted here). The same on an uploaded Graph
// history: analyzer-upload.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launch, open, valueOf } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function analyzer(hash = '', options) {
  const page = await open(browser, `${server.url}#/analyzer${hash}`, options);
  await page.getByTestId('analyzer-day').first().waitFor();
  return page;
}

const selectedDay = (page) => page.getByTestId('selected-day').getAttribute('data-date');

/** The rows of the selected day: [{ id, points }]. */
const controlRows = (page) => page.getByTestId('day-control-row').evaluateAll((rows) =>
  rows.map((r) => ({ id: r.dataset.control, points: Number(r.dataset.points), text: r.innerText })));

/** An ISO date as the app writes it for people: "5 Dec 2026". */
const people = (iso) => {
  const [year, month, day] = iso.split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${day} ${names[month - 1]} ${year}`;
};

/** Waits until the selected day is `date`. */
async function waitForDay(page, date) {
  await page.waitForFunction((d) =>
    document.querySelector('[data-testid=selected-day]')?.dataset.date === d, date);
}

test('clicking a day shows exactly that day\'s controls, adding up to its score', async () => {
  const page = await analyzer('?range=90');
  const days = page.getByTestId('analyzer-day');
  const count = await days.count();
  assert.ok(count >= 2, `${count} days`);
  for (const index of [0, Math.floor(count / 2), count - 2]) {
    const day = days.nth(index);
    const date = await day.getAttribute('data-date');
    assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
    await day.click();
    await waitForDay(page, date);
    assert.equal(await day.getAttribute('aria-checked'), 'true');
    assert.equal(await page.locator('[data-testid=analyzer-day][aria-checked=true]').count(), 1);
    const rows = await controlRows(page);
    assert.ok(rows.length > 0, 'controls listed');
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'each control once');
    const sum = rows.reduce((s, r) => s + r.points, 0);
    const score = await valueOf(page, 'day-score');
    assert.ok(Math.abs(sum - score) <= 0.01, `${date}: controls add up to ${sum}, score ${score}`);
    // The day's aria-label names its date (day and month's name, as the
    // whole page writes it) and score; so does the breakdown's heading.
    const label = await day.getAttribute('aria-label');
    assert.ok(label.startsWith(`${people(date)}: `) && /points/.test(label), label);
    assert.equal(await page.getByTestId('selected-day').innerText(), people(date));
    await page.waitForURL((url) => url.href.includes(`day=${date}`));
  }
  assert.deepEqual(page.problems, []);
});

test('a day on which an action was completed lists it in changes-improved', async () => {
  const page = await analyzer('?range=all');
  await page.getByTestId('analyzer-day').last().focus();
  let found = null;
  // Walk back from the newest day until a completed action shows up.
  for (let step = 0; step < 400 && !found; step++) {
    const items = await page.getByTestId('changes-improved').locator('li').evaluateAll((lis) =>
      lis.map((li) => ({ id: li.dataset.control, before: Number(li.dataset.before), after: Number(li.dataset.after), text: li.innerText })));
    const rows = await page.getByTestId('day-control-row').evaluateAll((rs) =>
      rs.map((r) => ({ id: r.dataset.control, points: Number(r.dataset.points), status: r.children[2].innerText })));
    for (const item of items) {
      const row = rows.find((r) => r.id === item.id);
      if (row && /Completed/.test(row.status)) found = { item, row, date: await selectedDay(page) };
    }
    if (!found) {
      const before = await selectedDay(page);
      await page.keyboard.press('ArrowLeft');
      if (step > 0 && before === await selectedDay(page)) break;
    }
  }
  assert.ok(found, 'no day with a completed action in the history');
  const { item, row } = found;
  assert.ok(item.after > item.before, JSON.stringify(item));
  assert.ok(Math.abs(item.after - row.points) <= 0.01, 'after = points that day');
  assert.match(item.text, /→/);
  assert.match(item.text, /Posture|Scope|Catalog/);
  assert.deepEqual(page.problems, []);
});

test('arrow keys, Home and End move the selected day; it survives a reload', async () => {
  const page = await analyzer('?range=30');
  const days = page.getByTestId('analyzer-day');
  const dates = await days.evaluateAll((els) => els.map((e) => e.dataset.date));
  // Default: the newest day, the only one in the tab order.
  assert.equal(await selectedDay(page), dates.at(-1));
  assert.deepEqual(await page.locator('[data-testid=analyzer-day][tabindex="0"]').evaluateAll((els) => els.map((e) => e.dataset.date)), [dates.at(-1)]);
  await page.locator('[data-testid=analyzer-day][tabindex="0"]').focus();
  await page.keyboard.press('ArrowLeft');
  await waitForDay(page, dates.at(-2));
  await page.keyboard.press('ArrowLeft');
  await waitForDay(page, dates.at(-3));
  await page.keyboard.press('ArrowRight');
  await waitForDay(page, dates.at(-2));
  // Focus follows the selection (roving tabindex).
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.date), dates.at(-2));
  await page.keyboard.press('Home');
  await waitForDay(page, dates[0]);
  await page.keyboard.press('End');
  await waitForDay(page, dates.at(-1));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await waitForDay(page, dates.at(-4));
  await page.waitForURL((url) => url.href.includes(`day=${dates.at(-4)}`));
  await page.reload();
  await page.getByTestId('analyzer-day').first().waitFor();
  assert.equal(await selectedDay(page), dates.at(-4));
  assert.equal(await page.getByTestId('range-select').inputValue(), '30');
  assert.equal(await page.locator('[data-testid=analyzer-day][aria-checked=true]').getAttribute('data-date'), dates.at(-4));
  assert.deepEqual(page.problems, []);
});

test('back and forward return to the days and ranges picked before', async () => {
  const page = await analyzer('?range=90');
  const dates = await page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
  await page.locator(`[data-testid=analyzer-day][data-date="${dates[5]}"]`).click();
  await waitForDay(page, dates[5]);
  // Each step in the history (the address follows the page after its paint).
  await page.waitForURL((url) => url.href.includes(`day=${dates[5]}`));
  await page.locator(`[data-testid=analyzer-day][data-date="${dates[40]}"]`).click();
  await waitForDay(page, dates[40]);
  await page.waitForURL((url) => url.href.includes(`day=${dates[40]}`));
  await page.getByTestId('range-select').selectOption('30');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=analyzer-day]').length === 30);
  await page.waitForURL((url) => url.href.includes('range=30'));
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=analyzer-day]').length === 90);
  await waitForDay(page, dates[40]);
  await page.goBack();
  await waitForDay(page, dates[5]);
  assert.equal(await page.locator('[data-testid=analyzer-day][aria-checked=true]').getAttribute('data-date'), dates[5]);
  await page.goForward();
  await waitForDay(page, dates[40]);
  await page.waitForURL((url) => url.href.includes(`day=${dates[40]}`));
  assert.deepEqual(page.problems, []);
});

test('the range select sets the number of days; the table follows', async () => {
  const page = await analyzer('?range=all');
  const all = await page.getByTestId('analyzer-day').count();
  assert.ok(all >= 30, `${all} days of history`);
  for (const [value, expected] of [['30', 30], ['90', Math.min(90, all)], ['180', Math.min(180, all)], ['all', all], ['30', 30]]) {
    await page.getByTestId('range-select').selectOption(value);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=analyzer-day]').length === n, expected);
    await page.waitForURL((url) => url.href.includes(`range=${value}`));
    assert.equal(await page.locator('[data-testid=history-table] tbody tr').count(), expected);
  }
  // A custom range from two dates.
  const dates = await page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
  await page.getByTestId('range-select').selectOption('custom');
  await page.getByTestId('range-from').fill(dates[10]);
  await page.getByTestId('range-from').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=analyzer-day]').length === 20);
  await page.getByTestId('range-to').fill(dates[19]);
  await page.getByTestId('range-to').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=analyzer-day]').length === 10);
  assert.equal(await page.getByTestId('analyzer-day').first().getAttribute('data-date'), dates[10]);
  assert.deepEqual(page.problems, []);
});

test('comparing with another day; percent mode', async () => {
  const page = await analyzer('?range=all');
  const dates = await page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
  await page.getByTestId('analyzer-day').last().click();
  await page.getByTestId('compare-select').selectOption(dates[0]);
  await page.waitForFunction((d) => document.querySelector('.ss-an-compare')?.dataset.from === d, dates[0]);
  const first = await page.locator('.ss-an-compare').getAttribute('data-to');
  assert.equal(first, dates.at(-1));
  const delta = await valueOf(page, 'changes-score-delta');
  const score = await valueOf(page, 'day-score');
  await page.getByTestId('analyzer-day').first().click();
  await waitForDay(page, dates[0]);
  assert.ok(Math.abs(score - delta - await valueOf(page, 'day-score')) <= 0.02, 'delta = last - first');
  // Percent mode: y axis to 100%, no points-possible line.
  await page.getByTestId('unit-percent').click();
  await page.waitForFunction(() => !document.querySelector('.ss-an-svg .ss-ch-max'));
  await page.waitForURL((url) => url.href.includes('unit=percent'));
  assert.match(await page.locator('.ss-an-svg svg').innerHTML(), /100%/);
  assert.deepEqual(page.problems, []);
});

test('exports: the range as CSV, the chart as SVG', async () => {
  const page = await analyzer('?range=30');
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-history-csv').click(),
  ]);
  assert.match(csvDownload.suggestedFilename(), /^secure-score-history-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await csvDownload.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines[0], 'date,score,possible,percent,change,score_dropped,scope_change,catalog_change');
  assert.equal(lines.length, 31);
  const dates = await page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), dates);
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-chart-svg').click(),
  ]);
  const svg = await readFile(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<title id="ss-chart-title">Secure Score history<\/title>/);
  assert.match(svg, /<rect width="100%" height="100%" fill="[^"]+"\/>/, 'the theme\'s background');
  assert.ok(!svg.includes('aria-hidden'));
  // The axis names the year at its first date: "12 Nov 2026", then "19 Nov".
  assert.match(svg, />\d{1,2} [A-Z][a-z]{2} \d{4}<\/text>/);
  assert.deepEqual(page.problems, []);
});

test('the chart follows the theme, resizes, and fits a phone', async () => {
  const page = await analyzer('?range=90', { colorScheme: 'light', viewport: { width: 1280, height: 900 } });
  const stroke = () => page.locator('.ss-an-svg .ss-ch-score').first().evaluate((el) => getComputedStyle(el).stroke);
  const light = await stroke();
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction((before) =>
    getComputedStyle(document.querySelector('.ss-an-svg .ss-ch-score')).stroke !== before, light);
  const width = () => page.locator('.ss-an-svg svg').getAttribute('width');
  const wide = Number(await width());
  await page.setViewportSize({ width: 700, height: 900 });
  await page.waitForFunction((w) => Number(document.querySelector('.ss-an-svg svg').getAttribute('width')) < w, wide);
  // Hit regions still line up with the plot after the redraw.
  const box = await page.locator('.ss-an-svg svg').boundingBox();
  const last = await page.getByTestId('analyzer-day').last().boundingBox();
  assert.ok(last.x + last.width <= box.x + box.width + 1, 'last day inside the chart');
  const phone = await analyzer('?range=90', { viewport: { width: 375, height: 740 } });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(phone.problems, []);
});
