// A deploy under open pages: build A (dist/) is open, one page with its
// import worker started, one still on the Overview; the site is replaced by
// build B, keeping A's hashed files (README "Deploying"). The open pages keep
// working on A's files alone (uploads through the worker, pages whose chunks
// they had not fetched yet), a reload gets B, and an embedded instance
// started after the deploy gets B alone.
//
// Build B is build A with every file changed (a comment in the scripts and
// stylesheets, a custom section in each wasm), renamed and referenced by
// the build's own step, scripts/hash-assets.mjs: every hashed name differs
// from A's, as after a real change, without a second build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { HASHED, hashAssets } from '../../scripts/hash-assets.mjs';
import { compress, ENCODINGS } from '../../scripts/compress.mjs';
import { startServer, launch, open, valueOf, logical, ROOT, DIST } from './harness.mjs';

const fixture = (path) => join(ROOT, 'tests', 'fixtures', path);
const TEXT = new Set(['.js', '.mjs', '.css', '.html']);
// (custom section "build", payload "B")
const SECTION = Buffer.from([0, 7, 5, ...Buffer.from('build'), ...Buffer.from('B')]);

/** Build A's files in `b`, each changed and hashed again. */
async function buildB(a, b) {
  await cp(a, b, { recursive: true });
  const all = (await readdir(b, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  // A's precompressed copies go; B's are made from B's files at the end.
  const copy = (p) => ENCODINGS.some((e) => p.endsWith(e.suffix));
  for (const path of all.filter(copy)) await rm(path);
  const paths = all.filter((p) => !copy(p));
  const names = paths.map((p) => basename(p)).filter((n) => HASHED.test(n));
  for (const path of paths) {
    const hashed = HASHED.test(basename(path));
    let bytes = await readFile(path);
    if (TEXT.has(extname(path))) {
      let text = bytes.toString('utf8');
      for (const name of names) text = text.replaceAll(name, logical(name));
      if (hashed) text += '\n/* build B */\n';
      bytes = Buffer.from(text);
    } else if (hashed && extname(path) === '.wasm') {
      bytes = Buffer.concat([bytes, SECTION]);
    }
    if (hashed) await rm(path);
    await writeFile(hashed ? logical(path) : path, bytes);
  }
  await hashAssets(b);
  await compress(b);
}

/** The hashed files of a folder, as the server's paths. */
const hashedFiles = async (dir) => new Set((await readdir(dir, { recursive: true }))
  .filter((p) => HASHED.test(basename(p))).map((p) => `/${p}`));

let browser, server, tmp, site, filesA, filesB;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ss-deploy-'));
  site = join(tmp, 'site');
  await cp(DIST, site, { recursive: true });
  await buildB(DIST, join(tmp, 'b'));
  filesA = await hashedFiles(DIST);
  filesB = await hashedFiles(join(tmp, 'b'));
  server = await startServer({
    root: site,
    routes: {
      '/portal.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<!doctype html><html><head><title>Portal</title></head><body>
          <div id="secure-score" data-view="widget"></div>
          <script type="module" src="/embed.js"></script></body></html>`);
      },
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The hashed files requested since `from` (an index in server.requests). */
const requestedSince = (from) => server.requests.slice(from).map((r) => r.path.split('?')[0])
  .filter((p) => HASHED.test(basename(p)));

/** Uploads Graph's scores and profiles and waits until they are imported. */
async function upload(page) {
  const status = page.getByTestId('source-status');
  const before = Number(await status.getAttribute('data-finished'));
  await page.getByTestId('file-input').setInputFiles([fixture('graph-real/secureScore.json'), fixture('graph-real/profiles.json')]);
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=source-status]')?.dataset.finished) > b, before);
  // Imported by the worker: the page says when it had to do it itself.
  const alert = page.getByTestId('import-error');
  if (await alert.count()) assert.doesNotMatch(await alert.innerText(), /Import worker/);
  assert.equal(await page.getByTestId('file-row').first().getAttribute('data-status'), 'ok');
}

async function visit(page, nav, heading) {
  await page.getByTestId(nav).click();
  await page.locator('main h1', { hasText: heading }).waitFor();
}

test('a deploy breaks no open page: they keep their build, a reload and a new embed get the new one, never a mix', async () => {
  assert.equal([...filesB].filter((f) => filesA.has(f)).length, 0, 'build B shares no hashed name with A');
  const start = server.requests.length;
  // Build A: one page with the import worker started and used, one on the Overview.
  const working = await open(browser, `${server.url}#/data`, { viewport: { width: 1280, height: 900 } });
  await upload(working);
  const idle = await open(browser, server.url);
  await idle.getByTestId('score-current').waitFor();
  assert.ok(requestedSince(start).every((f) => filesA.has(f)));

  // The deploy: B's files over A's, A's hashed files kept.
  await cp(join(tmp, 'b'), site, { recursive: true, force: true });
  const deployed = server.requests.length;

  // The open pages carry on with A: another upload through the running
  // worker, pages never shown before (their chunks), and on the other page
  // a worker started now (the stable entry script, given A's glue).
  await upload(working);
  await visit(working, 'nav-actions', 'Improvement actions');
  await visit(working, 'nav-analyzer', 'Score Analyzer');
  await visit(idle, 'nav-data', 'Data');
  await upload(idle);
  await visit(idle, 'nav-overview', 'Overview');
  assert.equal(await valueOf(idle, 'score-current'), 128);
  const afterDeploy = requestedSince(deployed);
  assert.ok(afterDeploy.length > 0, 'the chunks of the pages shown since were fetched');
  assert.deepEqual(afterDeploy.filter((f) => !filesA.has(f)), [], 'only A files for the pages of A');
  assert.ok(server.requests.slice(deployed).some((r) => r.path === '/import_worker_loader.js'));

  // A reload gets B, with the data kept.
  const reloaded = server.requests.length;
  await working.reload();
  await working.locator('main h1', { hasText: 'Score Analyzer' }).waitFor();
  await visit(working, 'nav-overview', 'Overview');
  assert.equal(await valueOf(working, 'score-current'), 128);
  const afterReload = requestedSince(reloaded);
  assert.ok(afterReload.some((f) => logical(f) === '/secure-score_bg.wasm'), afterReload.join(' '));
  assert.deepEqual(afterReload.filter((f) => !filesB.has(f)), [], 'only B files after a reload');

  // An instance embedded in a host page now: B alone.
  const embedded = server.requests.length;
  const portal = await open(browser, `${server.origin}/portal.html`);
  await portal.getByTestId('widget-score').waitFor();
  const embedFiles = requestedSince(embedded);
  assert.ok(embedFiles.some((f) => logical(f) === '/secure-score_bg.wasm'), embedFiles.join(' '));
  assert.deepEqual(embedFiles.filter((f) => !filesB.has(f)), [], 'only B files in a new embed');

  for (const page of [working, idle, portal]) assert.deepEqual(page.problems, []);
});
