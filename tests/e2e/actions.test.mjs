// The Improvement actions page on the data the app shows by default (the
// demo tenant): sort, filters, search, details, statuses that change the
// score and persist, deep links, the target plan and the CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launch, open, valueOf, parseCsvLine } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const close = (a, b, tolerance, what) =>
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

async function actions(hash = '#/actions', options) {
  const page = await open(browser, `${server.url}${hash}`, options);
  await page.getByTestId('action-row').first().waitFor();
  return page;
}

const rows = (page) => page.getByTestId('action-row');
const attrs = (page, name) => rows(page).evaluateAll(
  (els, n) => els.map((e) => e.getAttribute(n)), name);
const gains = async (page) => (await attrs(page, 'data-points-gain')).map(Number);
const row = (page, id) => page.locator(`[data-testid=action-row][data-control="${id}"]`);

async function shownCount(page) {
  const text = await page.getByTestId('actions-count').innerText();
  const match = text.match(/Showing (\d+) of (\d+) actions/);
  assert.ok(match, text);
  return [Number(match[1]), Number(match[2])];
}

test('the queue is sorted by points to gain by default, and counts what it shows', async () => {
  const page = await actions();
  assert.equal(await page.getByTestId('actions-sort').inputValue(), 'gain');
  const list = await gains(page);
  assert.ok(list.length >= 5, `${list.length} actions`);
  for (let i = 1; i < list.length; i++) assert.ok(list[i] <= list[i - 1], `not sorted: ${list}`);
  const [shown, total] = await shownCount(page);
  assert.equal(shown, list.length);
  assert.ok(total >= shown);
  assert.deepEqual(page.problems, []);
});

test('other sort orders, kept in the hash across a reload', async () => {
  const page = await actions();
  await page.getByTestId('actions-sort').selectOption('title');
  await page.waitForFunction(() => location.hash.includes('sort=title'));
  const titles = await rows(page).locator('.ss-action-toggle').allInnerTexts();
  for (let i = 1; i < titles.length; i++) {
    assert.ok(titles[i - 1].toLowerCase() <= titles[i].toLowerCase(), `${titles[i - 1]} > ${titles[i]}`);
  }
  await page.getByTestId('actions-sort').selectOption('possible');
  const possible = await rows(page).evaluateAll((els) => els.map((e) =>
    Number(e.querySelector('.ss-action-points').textContent.split('/').pop())));
  for (let i = 1; i < possible.length; i++) assert.ok(possible[i] <= possible[i - 1], `${possible}`);
  await page.waitForURL((url) => url.href.includes('sort=possible'));
  await page.reload();
  await rows(page).first().waitFor();
  assert.equal(await page.getByTestId('actions-sort').inputValue(), 'possible');
  assert.deepEqual(page.problems, []);
});

test('filtering by category shows only that category; search narrows the rows', async () => {
  const page = await actions();
  const [all] = await shownCount(page);
  const category = (await attrs(page, 'data-category'))[0];
  await page.getByTestId('filter-category').selectOption(category);
  await page.waitForFunction(() => location.hash.includes('category='));
  const categories = await attrs(page, 'data-category');
  assert.ok(categories.length >= 1);
  assert.ok(categories.every((c) => c === category), `${categories}`);
  assert.equal((await shownCount(page))[0], categories.length);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  assert.equal((await shownCount(page))[0], all);

  const title = await rows(page).nth(1).locator('.ss-action-toggle').innerText();
  const word = title.split(/\s+/).sort((a, b) => b.length - a.length)[0];
  await page.getByTestId('actions-search').fill(word);
  await page.waitForFunction((w) => location.hash.includes(`q=${encodeURIComponent(w)}`), word);
  const [found] = await shownCount(page);
  assert.ok(found >= 1 && found <= all, `${found} of ${all}`);
  const titles = await rows(page).locator('.ss-action-toggle').allInnerTexts();
  assert.ok(titles.includes(title), 'the row searched for');
  await page.getByTestId('actions-search').fill('zzzz-no-such-action');
  assert.equal((await shownCount(page))[0], 0);
  assert.match(await page.locator('.ss-action-list').innerText(), /No action matches/);
  assert.deepEqual(page.problems, []);
});

test('expanding an action (click or keyboard) shows what it does, threats and steps', async () => {
  const page = await actions();
  const first = rows(page).first();
  const toggle = first.locator('.ss-action-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  const detail = first.getByTestId('action-detail');
  await detail.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const text = await detail.innerText();
  for (const heading of ['What it does', 'Threats it helps protect against', 'How to do it',
    'User impact', 'Implementation cost']) {
    assert.ok(text.includes(heading), heading);
  }
  // The demo catalog states threats and steps for its actions.
  assert.ok(await detail.locator('.ss-threats li').count() >= 1, 'threats listed');
  const steps = await detail.locator('.ss-detail-section', { hasText: 'How to do it' }).innerText();
  assert.ok(steps.replace('How to do it', '').trim().length > 10, 'steps stated');
  // Projected score = score with statuses + the action's gain.
  const gain = Number(await first.getAttribute('data-points-gain'));
  const current = await valueOf(page, 'status-score');
  close(await valueOf(page, 'projected-score'), current + gain, 0.011, 'projected score');
  // An admin-center link, where there is one, is http(s) and opens safely.
  for (const link of await detail.locator('a[target=_blank]').all()) {
    assert.match(await link.getAttribute('href'), /^https?:\/\//);
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  }
  await page.keyboard.press('Space');
  await detail.waitFor({ state: 'detached' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(page.problems, []);
});

test('a deep link expands and scrolls to its action, and survives a reload', async () => {
  let page = await actions();
  const id = (await attrs(page, 'data-control'))[8] ?? (await attrs(page, 'data-control'))[0];
  page = await actions(`#/actions?control=${encodeURIComponent(id)}`, { viewport: { width: 1000, height: 600 } });
  const target = row(page, id);
  await target.getByTestId('action-detail').waitFor();
  // Scrolled into view (waits for the scroll; fails after the timeout).
  await page.waitForFunction((el) => {
    const r = el.getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, await target.elementHandle());
  await page.reload();
  await row(page, id).getByTestId('action-detail').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a status changes the score per the rules, persists across reloads, and resets', async () => {
  const page = await actions();
  await page.getByTestId('nav-overview').click();
  const before = await valueOf(page, 'score-current');
  const reported = before;
  await page.getByTestId('nav-actions').click();
  const first = rows(page).first();
  const id = await first.getAttribute('data-control');
  const gain = Number(await first.getAttribute('data-points-gain'));
  assert.ok(gain > 0);
  await first.locator('.ss-action-toggle').click();
  await first.getByTestId('action-status').selectOption('third-party');
  // The open action stays on screen with its new status.
  await page.waitForFunction((i) => document.querySelector(`[data-control="${i}"]`)?.dataset.status === 'third-party', id);
  assert.equal(Number(await row(page, id).getAttribute('data-points-gain')), 0);
  close(await valueOf(page, 'status-score'), before + gain, 0.011, 'score with statuses');

  await page.getByTestId('nav-overview').click();
  close(await valueOf(page, 'score-current'), before + gain, 0.011, 'overview score');
  assert.match(await page.locator('.ss-score-card').innerText(), /As reported/);

  await page.waitForURL(/#\/overview$/);
  await page.reload();
  await page.getByTestId('score-current').waitFor();
  close(await valueOf(page, 'score-current'), before + gain, 0.011, 'after a reload');

  // Resolved actions leave the default queue; "all" shows them.
  await page.goto(`${server.url}#/actions`);
  await rows(page).first().waitFor();
  assert.equal(await row(page, id).count(), 0, 'resolved: not in the default queue');
  await page.getByTestId('filter-status').selectOption('all');
  await row(page, id).waitFor();
  assert.equal(await row(page, id).getAttribute('data-status'), 'third-party');
  await row(page, id).locator('.ss-action-toggle').click();
  await row(page, id).getByRole('button', { name: /Reset to the data/ }).click();
  await page.waitForFunction((i) => document.querySelector(`[data-control="${i}"]`)?.dataset.status === 'to-address', id);
  close(await valueOf(page, 'status-score'), reported, 0.011, 'reset restores the score');
  assert.deepEqual(page.problems, []);
});

test('risk accepted needs a reason, earns nothing, and reset all restores everything', async () => {
  const page = await actions();
  const before = await valueOf(page, 'status-score');
  const first = rows(page).first();
  const id = await first.getAttribute('data-control');
  const earned = Number((await first.locator('.ss-action-points').innerText()).match(/([\d.]+)\s*\//)[1]);
  await first.locator('.ss-action-toggle').click();
  await first.getByTestId('action-status').selectOption('risk-accepted');
  await first.getByRole('button', { name: 'Accept the risk' }).click();
  assert.match(await first.locator('.ss-form-error').innerText(), /reason/);
  assert.equal(await first.getAttribute('data-status'), 'to-address', 'not saved without a reason');
  await first.getByLabel('Reason (required)').fill('Compensating control in the firewall');
  await first.getByLabel('Expires after (optional)').fill('2099-12-31');
  await first.getByRole('button', { name: 'Accept the risk' }).click();
  await page.waitForFunction((i) => document.querySelector(`[data-control="${i}"]`)?.dataset.status === 'risk-accepted', id);
  close(await valueOf(page, 'status-score'), before - earned, 0.011, 'risk accepted earns nothing');
  assert.match(await first.locator('.ss-status-note').innerText(), /Compensating control.*31 Dec 2099/);

  // A second action planned: the planning view projects it.
  const second = rows(page).nth(1);
  const gain = Number(await second.getAttribute('data-points-gain'));
  await second.locator('.ss-action-toggle').click();
  await second.getByTestId('action-status').selectOption('planned');
  await page.getByTestId('planned-score').waitFor();
  close(await valueOf(page, 'planned-score'), before - earned + gain, 0.011, 'planned projection');

  await page.getByTestId('reset-all-statuses').click();
  await page.getByTestId('reset-all-confirm').click();
  close(await valueOf(page, 'status-score'), before, 0.011, 'reset all');
  await page.reload();
  await rows(page).first().waitFor();
  close(await valueOf(page, 'status-score'), before, 0.011, 'reset all persists');
  assert.deepEqual(page.problems, []);
});

test('a status set in one tab shows in the other open tab without a reload', async () => {
  const page = await actions();
  const other = await page.context().newPage();
  await other.goto(`${server.url}#/actions`);
  await rows(other).first().waitFor();
  const before = await valueOf(other, 'status-score');
  const first = rows(page).first();
  const id = await first.getAttribute('data-control');
  const gain = Number(await first.getAttribute('data-points-gain'));
  await first.locator('.ss-action-toggle').click();
  await first.getByTestId('action-status').selectOption('third-party');
  // The second tab follows: the action leaves its default queue and its score rises.
  await other.waitForFunction((i) => !document.querySelector(`[data-testid=action-row][data-control="${i}"]`), id);
  close(await valueOf(other, 'status-score'), before + gain, 0.011, 'score in the other tab');
  await page.getByTestId('reset-all-statuses').click();
  await page.getByTestId('reset-all-confirm').click();
  await row(other, id).waitFor();
  close(await valueOf(other, 'status-score'), before, 0.011, 'reset in the other tab');
  assert.deepEqual(page.problems, []);
});

test('a target score highlights the cheapest plan that reaches it', async () => {
  const page = await actions();
  const current = await valueOf(page, 'status-score');
  const list = await gains(page);
  const target = Math.round((current + list[0] + list[1] / 2) * 100) / 100;
  await page.locator('#ss-target-number').fill(String(target));
  await page.locator('#ss-target-number').press('Enter');
  const headline = page.locator('.ss-plan-headline');
  await headline.waitFor();
  assert.equal(await headline.getAttribute('data-reachable'), 'true');
  const reached = Number(await headline.getAttribute('data-reached'));
  assert.ok(reached >= target - 0.01, `reached ${reached} < ${target}`);
  const planned = page.locator('.ss-action.ss-in-plan');
  const count = await planned.count();
  assert.ok(count >= 1, 'plan rows highlighted');
  const planGain = (await planned.evaluateAll((els) => els.map((e) => Number(e.dataset.pointsGain))))
    .reduce((a, b) => a + b, 0);
  close(current + planGain, reached, 0.02, 'plan gains add up');
  await page.getByLabel('Show only these in the list').check();
  assert.equal((await shownCount(page))[0], count);
  // The plan can be marked Planned at once; the planning view projects it.
  await page.getByRole('button', { name: 'Mark them as Planned' }).click();
  await page.getByTestId('planned-score').waitFor();
  close(await valueOf(page, 'planned-score'), reached, 0.02, 'planned projection = plan');
  assert.deepEqual(page.problems, []);
});

test('the CSV export has the shown columns in the shown order, quoted and formula-safe', async () => {
  const page = await actions();
  const category = (await attrs(page, 'data-category'))[0];
  await page.getByTestId('filter-category').selectOption(category);
  await page.getByTestId('actions-sort').selectOption('title');
  const ids = await attrs(page, 'data-control');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.match(lines[0], /^Action,Control id,Category,Service,Points earned,Points possible,Points to gain,Status,Status reason,Status expires,Status set by,Status set on,User impact,Implementation cost/);
  assert.equal(lines.length, ids.length + 1, 'one line per shown action');
  // Control ids in the shown order (second column; ids hold no comma).
  const exported = lines.slice(1).map((line) => parseCsvLine(line)[1]);
  assert.deepEqual(exported, ids);
  for (const line of lines.slice(1)) {
    for (const cell of parseCsvLine(line)) assert.doesNotMatch(cell, /^[=+@]/, `formula in ${line}`);
    assert.equal(parseCsvLine(line)[2], category);
  }
  assert.deepEqual(page.problems, []);
});

test('the actions page fits a phone in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await actions('#/actions', { viewport: { width: 375, height: 740 }, colorScheme });
    await rows(page).first().locator('.ss-action-toggle').click();
    await rows(page).first().getByTestId('action-detail').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${colorScheme}: ${overflow}px wider than the viewport`);
    assert.deepEqual(page.problems, []);
  }
});

test('completed actions are listed under Completed and All, counted, and left out of the default queue', async () => {
  const page = await actions();
  const openIds = await attrs(page, 'data-control');
  const count = async () => Number((await page.getByTestId('actions-count').innerText()).match(/\((\d+) completed\)/)?.[1]);
  const completed = await count();
  assert.ok(completed > 0, 'the demo tenant has completed actions');
  await page.getByTestId('filter-status').selectOption('completed');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=action-row]').length === n, completed);
  assert.deepEqual([...new Set(await attrs(page, 'data-status'))], ['completed']);
  assert.ok((await gains(page)).every((g) => g === 0), 'nothing left to gain');
  const done = await attrs(page, 'data-control');
  assert.ok(done.every((id) => !openIds.includes(id)), 'not in the default queue');
  await page.getByTestId('filter-status').selectOption('all');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=action-row][data-status=completed]').length === n, completed);
  const [shown, total] = await shownCount(page);
  assert.equal(shown, total, 'All shows every action, completed ones included');
  assert.deepEqual(page.problems, []);
});
