// The help page (dist/help.html, static) and the places in the app that
// link to it; the export commands it gives, checked against the importer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launch, open } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const QUESTIONS = ['who', 'get-files', 'not-scored', 'updates', 'why-changed', 'breach-risk', 'user-impact', 'points-possible', 'suggest', 'report'];
const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

test('the help page answers each question, listed at its top, in both themes, with no script', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await open(browser, `${server.url}help.html`, { colorScheme });
    const sections = await page.locator('main section').evaluateAll((els) => els.map((e) => [e.id, e.querySelector('h2')?.textContent]));
    assert.deepEqual(sections.map(([id]) => id), QUESTIONS);
    assert.ok(sections.every(([, title]) => title?.endsWith('?')), JSON.stringify(sections));
    const listed = await page.locator('nav a').evaluateAll((els) => els.map((e) => e.getAttribute('href')));
    assert.deepEqual(listed, QUESTIONS.map((q) => `#${q}`));
    assert.equal(await page.locator('script').count(), 0);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, colorScheme === 'dark' ? 'rgb(15, 20, 25)' : 'rgb(245, 246, 248)');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('the app links to the answer where each question arises, in a new tab', async () => {
  const page = await open(browser, `${server.url}#/overview`);
  await page.getByTestId('score-current').waitFor();
  const links = async () => page.locator('a[data-help]').evaluateAll((els) => els.map((e) => [e.dataset.help, e.getAttribute('href'), e.target]));
  const seen = new Map();
  for (const [topic, href, target] of await links()) seen.set(topic, [href, target]);
  await page.getByTestId('nav-actions').click();
  await page.getByTestId('filter-status').selectOption('all');
  await page.locator('a[data-help=not-scored]').first().waitFor();
  for (const [topic, href, target] of await links()) seen.set(topic, [href, target]);
  await page.getByTestId('nav-data').click();
  await page.getByTestId('export-howto').locator('summary').click();
  for (const [topic, href, target] of await links()) seen.set(topic, [href, target]);
  assert.deepEqual([...seen.keys()].sort(), ['get-files', 'not-scored', 'points-possible', 'updates', 'who']);
  for (const [topic, [href, target]] of seen) {
    assert.equal(href, `${server.url}help.html#${topic}`);
    assert.equal(target, '_blank');
    assert.ok(QUESTIONS.includes(topic));
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the export commands on the Data page are the help page\'s, and the shapes they give import', async () => {
  const help = await readFile(new URL('../../dist/help.html', import.meta.url), 'utf8');
  const commands = /<pre[^>]*><code>([\s\S]*?)<\/code><\/pre>/.exec(help)[1].trim();
  const page = await open(browser, `${server.url}#/data`);
  await page.getByTestId('export-howto').locator('summary').click();
  assert.equal((await page.getByTestId('export-howto').locator('pre').innerText()).trim(), commands);
  // PowerShell's ConvertTo-Json -AsArray, and Graph Explorer's answers as copied.
  for (const files of [['graph-powershell/secureScores.json', 'graph-powershell/profiles.json'], ['graph-real/secureScore.json', 'graph-real/profiles.json']]) {
    const status = page.getByTestId('source-status');
    const before = Number(await status.getAttribute('data-finished'));
    await page.getByTestId('file-input').setInputFiles(files.map(fixture));
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);
    const formats = await page.getByTestId('file-row').evaluateAll((els) => els.map((e) => e.dataset.format));
    assert.deepEqual(formats, ['Microsoft Graph secureScores', 'Microsoft Graph secureScoreControlProfiles'], files.join(', '));
    // Warnings (these exports are partial) but no error: every line warns.
    const said = (await page.getByTestId('import-error').innerText()).split('\n').filter(Boolean);
    assert.ok(said.every((line) => line.startsWith('Warning')), said.join('\n'));
  }
  await page.context().close();
});
