// Graph data as tenants and tools really produce it (tests/fixtures/field/),
// uploaded in the release site: what the engine's tests assert natively
// (crates/core/tests/engine_field.rs) reaches the admin as imported data and
// warnings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const fixture = (name) => new URL(`../fixtures/field/${name}`, import.meta.url).pathname;

async function upload(page, names) {
  const status = page.getByTestId('source-status');
  await status.waitFor();
  const before = Number(await status.getAttribute('data-finished'));
  await page.getByTestId('file-input').setInputFiles(names.map(fixture));
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);
  const said = (await page.getByTestId('import-error').innerText()).split('\n').filter(Boolean);
  return { said, rows: await page.getByTestId('file-row').evaluateAll((els) => els.map((e) => [e.dataset.format, e.innerText])) };
}

test('a -1 comparison average is skipped with a warning naming the field and the days; the history is imported', async () => {
  const page = await open(browser, `${server.url}#/data`);
  const { said, rows } = await upload(page, ['minus-one-comparisons.json']);
  assert.equal(rows[0][0], 'Microsoft Graph secureScores');
  assert.ok(said.every((line) => line.startsWith('Warning')), said.join('\n'));
  assert.ok(said.some((line) => /averageComparativeScores skipped on 3 days \(\d{4}-\d\d-\d\d/.test(line)), said.join('\n'));
  assert.equal(Number(await page.getByTestId('stored-tenant').first().getAttribute('data-days')), 4);
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('score-current').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Graph answers inside automation tools\' wrappers are found, and the file list says where', async () => {
  for (const [name, where] of [['logic-app.json', /secureScores found at body\.value/], ['msp-workflow.json', /secureScores found at result/], ['script-output.json', /secureScores found at scores/]]) {
    const page = await open(browser, `${server.url}#/data`);
    const { said, rows } = await upload(page, [name]);
    assert.ok(said.every((line) => line.startsWith('Warning')), `${name}: ${said.join('\n')}`);
    assert.match(rows[0][1], where, `${name}: ${rows[0][1]}`);
    assert.ok(Number(await page.getByTestId('stored-tenant').first().getAttribute('data-days')) > 0, name);
    await page.context().close();
  }
});

test('a documentation example with trailing commas imports with a warning; a broken one names line and column', async () => {
  const page = await open(browser, `${server.url}#/data`);
  const ok = await upload(page, ['docs-example.json']);
  assert.ok(ok.said.some((line) => /trailing commas .*line \d+, column \d+/.test(line)), ok.said.join('\n'));
  assert.ok(ok.said.every((line) => line.startsWith('Warning')), ok.said.join('\n'));
  const broken = await upload(page, ['docs-example-broken.json']);
  assert.ok(broken.said.some((line) => /docs-example-broken\.json · line 18, column \d+: expected a colon/.test(line)), broken.said.join("\n"));
  assert.equal(await page.getByTestId('stored-tenant').count(), 1, 'the data already loaded stays');
  await page.context().close();
});
