// Shared helpers of the end-to-end tests: a static server for the release
// site (dist/) on 127.0.0.1, and headless Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.SS_DIST || join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `root` on 127.0.0.1 at a free port, also under `prefix` (a
 * sub-path). `routes` maps a path to a handler `(req, res) => void` for
 * test endpoints. /favicon.ico answers 204, so that a browser asking for it
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
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
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
 * admin signs in; else 'first load'.
 */
export async function bundleFiles(dist = DIST) {
  const kinds = { '.wasm': 'wasm', '.js': 'js', '.mjs': 'js', '.css': 'css' };
  const rows = [];
  // Recursive: wasm-bindgen's JS snippets sit in snippets/.
  for (const name of (await readdir(dist, { recursive: true })).sort()) {
    const kind = kinds[extname(name)];
    if (!kind || name.startsWith('example-portal')) continue;
    const bytes = await readFile(join(dist, name));
    const part = name.startsWith('import_worker') ? 'worker'
      : /^(msal-|signin)/.test(name) ? 'sign-in' : 'first load';
    // snippets/secure-score-<hash>/src/app/stopped.js: the hash says nothing.
    const shown = name.replace(/^snippets\/[^/]+\/.*\//, 'snippets/');
    rows.push({ name: shown, kind, part, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return rows;
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
