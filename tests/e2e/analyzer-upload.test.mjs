// The Score Analyzer on an uploaded Microsoft Graph secureScores history
// (tests/fixtures/graph-history, and the real one-day capture): every
// expectation is computed here from the uploaded file, not read from the
// app. Picking a day lists exactly that day's controls and points, adding
// up to its score; a control that reached its points possible is listed as
// improved on that day (and one that lost them as regressed); the keyboard
// moves the selection; the selected day and the uploaded data (IndexedDB)
// survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launch, open, valueOf, ROOT } from './harness.mjs';

const FIX = join(ROOT, 'tests', 'fixtures');
const HISTORY = join(FIX, 'graph-history', 'secureScores.json');

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/**
 * The days of a Graph secureScores file, oldest first: date, reported
 * score, and the controls ({ id, points, possible }) sorted by id, each
 * listed once (the first, as Graph's duplicates are read).
 */
async function graphDays(path) {
  const { value } = JSON.parse(await readFile(path, 'utf8'));
  // Points possible of a control: score / scoreInPercentage on a day that
  // has a percentage above 0 (the file has no control profiles).
  const possible = new Map();
  for (const score of value) {
    for (const c of score.controlScores) {
      const pct = Number(c.scoreInPercentage);
      if (pct > 0) possible.set(c.controlName, Number(c.score) / (pct / 100));
    }
  }
  return value
    .map((score) => {
      const seen = new Set();
      const controls = score.controlScores
        .filter((c) => !seen.has(c.controlName) && seen.add(c.controlName))
        .map((c) => ({ id: c.controlName, points: Number(c.score), possible: possible.get(c.controlName) }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { date: score.createdDateTime.slice(0, 10), score: Number(score.currentScore), controls };
    })
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** A fresh browser with `files` uploaded on the Data page, on the analyzer. */
async function uploaded(files, hash = '?range=all') {
  const page = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 } });
  const status = page.getByTestId('source-status');
  await status.waitFor();
  const before = Number(await status.getAttribute('data-finished'));
  await page.getByTestId('file-input').setInputFiles(files);
  await page.waitForFunction((b) =>
    Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);
  // Imported (a scores file alone gets a warning about the missing profiles).
  assert.equal(await status.getAttribute('data-kind'), 'files');
  await page.goto(`${server.url}#/analyzer${hash}`);
  await page.getByTestId('analyzer-day').first().waitFor();
  return page;
}

const chartDates = (page) => page.getByTestId('analyzer-day').evaluateAll((els) => els.map((e) => e.dataset.date));
const selectedDay = (page) => page.getByTestId('selected-day').getAttribute('data-date');

async function waitForDay(page, date) {
  await page.waitForFunction((d) =>
    document.querySelector('[data-testid=selected-day]')?.dataset.date === d, date);
}

/** The selected day's rows as { id, points }, sorted by id. */
async function rowsShown(page) {
  const rows = await page.getByTestId('day-control-row').evaluateAll((rs) =>
    rs.map((r) => ({ id: r.dataset.control, points: Number(r.dataset.points), status: r.children[2].innerText })));
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Asserts that the selected day shows exactly `day`'s controls, points and score. */
async function assertDayShown(page, day) {
  const rows = await rowsShown(page);
  assert.deepEqual(rows.map(({ id, points }) => ({ id, points })),
    day.controls.map(({ id, points }) => ({ id, points })), `${day.date}: controls and points`);
  const sum = rows.reduce((s, r) => s + r.points, 0);
  const score = await valueOf(page, 'day-score');
  assert.ok(Math.abs(score - day.score) <= 0.005, `${day.date}: score ${score}, the file says ${day.score}`);
  assert.ok(Math.abs(sum - score) <= 0.005, `${day.date}: controls add up to ${sum}, score ${score}`);
  return rows;
}

/** { id, before, after } of the items of a "what changed" list. */
const changeList = (page, testid) => page.getByTestId(testid).locator('li').evaluateAll((lis) =>
  lis.map((li) => ({ id: li.dataset.control, before: Number(li.dataset.before), after: Number(li.dataset.after) })));

test('uploaded Graph history: each day lists exactly its controls and points, adding up to its score', async () => {
  const days = await graphDays(HISTORY);
  const page = await uploaded([HISTORY]);
  assert.deepEqual(await chartDates(page), days.map((d) => d.date), 'one day button per day of the file');
  assert.equal(await page.getByTestId('demo-banner').count(), 0);
  for (const day of days) {
    await page.locator(`[data-testid=analyzer-day][data-date="${day.date}"]`).click();
    await waitForDay(page, day.date);
    const rows = await assertDayShown(page, day);
    // A control at its points possible is completed that day.
    for (const c of day.controls) {
      const row = rows.find((r) => r.id === c.id);
      assert.equal(/Completed/.test(row.status), c.points >= c.possible, `${day.date} ${c.id}: ${row.status}`);
    }
    await page.waitForURL((url) => url.href.includes(`day=${day.date}`));
  }
  assert.deepEqual(page.problems, []);
});

test('uploaded Graph history: a control that reached its points possible is listed as improved that day', async () => {
  const days = await graphDays(HISTORY);
  // Every (day, control) where the control went from below its points
  // possible on the day before to all of them.
  const completed = [];
  const undone = [];
  for (let i = 1; i < days.length; i++) {
    for (const c of days[i].controls) {
      const prev = days[i - 1].controls.find((p) => p.id === c.id);
      if (!prev) continue;
      if (prev.points < c.possible && c.points >= c.possible) completed.push({ date: days[i].date, ...c, before: prev.points });
      if (c.points < prev.points) undone.push({ date: days[i].date, ...c, before: prev.points });
    }
  }
  assert.ok(completed.length >= 2 && undone.length >= 1, 'the fixture has completions and a regression');
  const page = await uploaded([HISTORY]);
  for (const c of completed) {
    await page.locator(`[data-testid=analyzer-day][data-date="${c.date}"]`).click();
    await waitForDay(page, c.date);
    const improved = await changeList(page, 'changes-improved');
    assert.deepEqual(improved.find((item) => item.id === c.id), { id: c.id, before: c.before, after: c.points },
      `${c.date}: ${c.id} improved (${JSON.stringify(improved)})`);
    assert.equal((await changeList(page, 'changes-regressed')).length, 0);
    const row = (await rowsShown(page)).find((r) => r.id === c.id);
    assert.match(row.status, /Completed/);
  }
  for (const c of undone) {
    await page.locator(`[data-testid=analyzer-day][data-date="${c.date}"]`).click();
    await waitForDay(page, c.date);
    const regressed = await changeList(page, 'changes-regressed');
    assert.deepEqual(regressed.find((item) => item.id === c.id), { id: c.id, before: c.before, after: c.points },
      `${c.date}: ${c.id} regressed`);
  }
  assert.deepEqual(page.problems, []);
});

test('uploaded Graph history: arrow keys, Home and End move the day; day and data survive a reload', async () => {
  const days = await graphDays(HISTORY);
  const dates = days.map((d) => d.date);
  const page = await uploaded([HISTORY]);
  // Default: the newest day of the file, the one day in the tab order.
  assert.equal(await selectedDay(page), dates.at(-1));
  await page.locator('[data-testid=analyzer-day][tabindex="0"]').focus();
  await page.keyboard.press('ArrowLeft');
  await waitForDay(page, dates.at(-2));
  await assertDayShown(page, days.at(-2));
  await page.keyboard.press('Home');
  await waitForDay(page, dates[0]);
  await assertDayShown(page, days[0]);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await waitForDay(page, dates[2]);
  await page.keyboard.press('End');
  await waitForDay(page, dates.at(-1));
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  const kept = days.at(-6);
  await waitForDay(page, kept.date);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.date), kept.date, 'focus follows');
  await assertDayShown(page, kept);

  await page.waitForURL((url) => url.href.includes(`day=${kept.date}`));
  await page.reload();
  await page.getByTestId('analyzer-day').first().waitFor();
  await waitForDay(page, kept.date);
  // The uploaded history, read back from this browser's storage.
  assert.deepEqual(await chartDates(page), dates);
  assert.equal(await page.getByTestId('demo-banner').count(), 0);
  assert.equal(await page.locator('[data-testid=analyzer-day][aria-checked=true]').getAttribute('data-date'), kept.date);
  await assertDayShown(page, kept);
  assert.deepEqual(page.problems, []);
});

test('uploaded real Graph capture (scores and profiles): its day lists the 68 controls it scored', async () => {
  const scores = join(FIX, 'graph-real', 'secureScore.json');
  const [day] = await graphDays(scores);
  const page = await uploaded([scores, join(FIX, 'graph-real', 'profiles.json')]);
  assert.deepEqual(await chartDates(page), [day.date]);
  await waitForDay(page, day.date);
  assert.equal(day.controls.length, 68);
  await assertDayShown(page, day);
  assert.deepEqual(page.problems, []);
});
