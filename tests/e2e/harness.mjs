// Shared helpers of the end-to-end tests: a static server for the release
// site (dist/) on 127.0.0.1, and headless Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HASHED } from '../../scripts/hash-assets.mjs';
import { negotiate } from '../../scripts/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.SS_DIST || join(ROOT, 'dist');

/** A built file's name without its content hash (scripts/hash-assets.mjs):
 * `chunk_5-0123456789abcdef.wasm` → `chunk_5.wasm`. */
export const logical = (name) => name.replace(HASHED, '');

/** The built name of a file of `dist` (path relative to it) by its name
 * without hash: `asset('secure-score_bg.wasm')` → `secure-score_bg-<hash>.wasm`. */
export async function asset(name, dist = DIST) {
  const found = (await readdir(dist, { recursive: true })).filter((f) => logical(f) === name);
  if (found.length !== 1) throw new Error(`${dist}: ${found.length} files named ${name} (hash aside)`);
  return found[0].split(sep).join('/');
}

/**
 * Serves `root` on 127.0.0.1 at a free port, also under `prefix` (a
 * sub-path), with the cache headers and precompressed copies of
 * scripts/serve.mjs. `routes` maps a
 * path to a handler `(req, res) => void` for test endpoints. /favicon.ico answers 204, so that a browser asking for it
 * does not log a 404 as a console error of the page. Returns { url, close,
 * requests }.
 */
export async function startServer({ root = DIST, prefix = '/', routes: own = {}, headers = {} } = {}) {
  const routes = { '/favicon.ico': (req, res) => { res.writeHead(204); res.end(); }, ...own };
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push({ method: req.method, path: url.pathname + url.search, headers: req.headers });
    const route = routes[url.pathname];
    if (route) return route(req, res, url);
    let path = url.pathname;
    if (!path.startsWith(prefix)) { res.writeHead(404); return res.end('not found'); }
    path = path.slice(prefix.length) || 'index.html';
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try {
      await stat(file);
      // As scripts/serve does: the precompressed copy the browser accepts.
      const served = await negotiate(file, req.headers['accept-encoding']);
      res.writeHead(200, { ...served.headers, ...headers });
      res.end(served.body);
    } catch {
      res.writeHead(404); res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

/**
 * The release bundle's files (wasm, js, css; the example portal, a demo of
 * embedding, left out), each with its `part`: 'worker' for the import
 * worker, loaded on the first import only; 'sign-in' for Microsoft's
 * msal-browser, its glue and the bridge page's scripts, loaded when an
 * admin signs in; 'split' for the wasm chunks of the split points (the
 * Actions, Score Analyzer and Data pages, the share report), with `splits`
 * naming those whose first use fetches it (a chunk can be shared); else
 * 'first load'.
 */
export async function bundleFiles(dist = DIST) {
  const kinds = { '.wasm': 'wasm', '.js': 'js', '.mjs': 'js', '.css': 'css' };
  const chunks = await chunkSplits(dist);
  const rows = [];
  // Recursive: wasm-bindgen's JS snippets sit in snippets/.
  for (const name of (await readdir(dist, { recursive: true })).sort()) {
    const kind = kinds[extname(name)];
    if (!kind || name.startsWith('example-portal')) continue;
    const bytes = await readFile(join(dist, name));
    const splits = chunks.get(name);
    const part = splits ? 'split'
      : name.startsWith('import_worker') ? 'worker'
        : /^(msal-|signin)/.test(name) ? 'sign-in' : 'first load';
    // snippets/secure-score-<hash>/src/app/stopped.js: the hash says nothing.
    const shown = logical(name).replace(/^snippets\/[^/]+\/.*\//, 'snippets/');
    // The build's brotli copy (release builds: scripts/compress.mjs), if any.
    const br = (await readFile(join(dist, `${name}.br`)).catch(() => null))?.length ?? null;
    rows.push({ name: shown, kind, part, splits, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, br });
  }
  return rows;
}

/**
 * The bundle in the parts a visit downloads apart, as [name, rows]: the
 * first load, the first use of each split point ('split <name>': its
 * chunks, shared ones included), the import worker and sign-in.
 */
export function bundleParts(rows) {
  const splits = [...new Set(rows.flatMap((r) => r.splits ?? []))].sort();
  return [
    ['first load', rows.filter((r) => r.part === 'first load')],
    ...splits.map((split) => [`split ${split}`, rows.filter((r) => r.splits?.includes(split))]),
    ['worker', rows.filter((r) => r.part === 'worker')],
    ['sign-in', rows.filter((r) => r.part === 'sign-in')],
  ];
}

/**
 * Which split points need each wasm chunk (file → names such as 'data'),
 * read from the split loader scripts/split-wasm.mjs puts beside the glue:
 * each split point's loader (`__wasm_split_load_secure_score_<name>`)
 * fetches its own module and the shared chunks it lists.
 */
export async function chunkSplits(dist = DIST) {
  let loader;
  try {
    loader = await readFile(join(dist, await asset('__wasm_split.js', dist)), 'utf8');
  } catch {
    return new Map();
  }
  const shared = new Map();
  for (const [, id, file] of loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
    shared.set(id, file);
  }
  const splits = new Map();
  const loads = /export const __wasm_split_load_secure_score_(\w+) = [^]*?new URL\("\.\/([^"]+)"[^]*?, \[([^\]]*)\]\)\);/g;
  for (const [, split, file, deps] of loader.matchAll(loads)) {
    const needed = [file, ...deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => shared.get(d))];
    if (needed.includes(undefined)) throw new Error(`__wasm_split.js: a chunk of ${split} not found`);
    for (const f of needed) splits.set(f, [...(splits.get(f) ?? []), split]);
  }
  return splits;
}

/** Launches Debian's Chromium headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

/**
 * Opens `url` in a new page and records console errors and page errors
 * in `page.problems`, which a test asserts is empty.
 */
export async function open(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  await page.goto(url);
  return page;
}

/** Reads a `data-testid` element's `data-value` as a number. */
export async function valueOf(page, testid) {
  const text = await page.getByTestId(testid).first().getAttribute('data-value');
  return Number(text);
}

/** Splits one CSV line (RFC 4180 quoting). */
export function parseCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; }
    else cell += c;
  }
  cells.push(cell);
  return cells;
}
