// Precompressed files (scripts/compress.mjs) served by scripts/serve.mjs:
// the copy in an encoding the browser accepts (brotli before gzip), the
// file itself otherwise; either way the very bytes of the build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { COMPRESSED } from '../../scripts/compress.mjs';
import { launch, valueOf, ROOT, DIST } from './harness.mjs';

let browser; let server; let url;
before(async () => {
  browser = await launch();
  // A port of our own: the script serves the folder as a host would.
  const port = 20000 + Math.floor(Math.random() * 20000);
  server = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), DIST], { env: { ...process.env, PORT: String(port) } });
  let said = '';
  server.stdout.on('data', (chunk) => { said += chunk; });
  while (!said.includes('Secure Score on')) await once(server.stdout, 'data');
  url = `http://127.0.0.1:${port}/`;
});
after(async () => { await browser?.close(); server?.kill(); });

/** The main wasm's name in the build. */
const mainWasm = async () => (await readdir(DIST)).find((n) => /^secure-score_bg-[0-9a-f]+\.wasm$/.test(n));

/** A raw GET (no decoding): status, headers and the bytes as sent. */
function get(path, acceptEncoding) {
  return new Promise((resolve, reject) => {
    httpGet(url + path, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const parts = [];
      res.on('data', (part) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

test('the build ships .br and .gz beside every text and wasm file, and they hold its bytes', async () => {
  const names = await readdir(DIST, { recursive: true });
  const compressible = names.filter((n) => COMPRESSED.has(extname(n)));
  assert.ok(compressible.length > 10, `${compressible.length} files`);
  for (const name of compressible) {
    const body = await readFile(join(DIST, name));
    assert.deepEqual(brotliDecompressSync(await readFile(join(DIST, `${name}.br`))), body, `${name}.br`);
    assert.deepEqual(gunzipSync(await readFile(join(DIST, `${name}.gz`))), body, `${name}.gz`);
  }
});

test('scripts/serve sends the encoding the browser accepts, brotli first, and the plain file otherwise', async () => {
  const wasm = await mainWasm();
  const plain = await readFile(join(DIST, wasm));
  const br = await get(wasm, 'gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/wasm');
  assert.equal(br.headers.vary, 'accept-encoding');
  assert.match(br.headers['cache-control'], /immutable/);
  assert.deepEqual(brotliDecompressSync(br.body), plain);
  assert.ok(br.body.length < plain.length / 2, `${br.body.length} of ${plain.length} bytes`);
  const gz = await get(wasm, 'gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(gunzipSync(gz.body), plain);
  for (const refused of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
    const raw = await get(wasm, refused);
    assert.equal(raw.headers['content-encoding'], undefined, String(refused));
    assert.deepEqual(raw.body, plain);
  }
  const index = await get('', 'br');
  assert.equal(index.headers['content-encoding'], 'br');
  assert.equal(index.headers['cache-control'], 'no-cache');
});

test('Chromium loads the app from precompressed files and shows the demo score', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  const encodings = new Map();
  page.on('response', async (r) => {
    const path = new URL(r.url()).pathname;
    if (/\.(wasm|js|css)$/.test(path)) encodings.set(path, (await r.allHeaders())['content-encoding']);
  });
  await page.goto(url);
  assert.ok(await valueOf(page, 'score-current') > 0);
  assert.equal(encodings.get(`/${await mainWasm()}`), 'br');
  assert.deepEqual(problems, []);
  await context.close();
});
