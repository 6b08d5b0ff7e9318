// Serves the built site (dist/, or the folder given) on 127.0.0.1:$PORT
// as README "Deploying" asks of a host: content-hashed names
// (scripts/hash-assets.mjs) are immutable, every other name is revalidated
// on each use, so that a deploy shows at the next load and an open page
// keeps the files of its own build; a file's precompressed copy
// (scripts/compress.mjs) is sent when the browser accepts its encoding.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HASHED } from './hash-assets.mjs';
import { COMPRESSED, ENCODINGS } from './compress.mjs';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The Cache-Control of a file of the site. */
export const cacheControl = (path) => (HASHED.test(basename(path))
  ? 'public, max-age=31536000, immutable'
  : 'no-cache');

/**
 * The body and headers for `file`: its precompressed copy in the first
 * encoding `accepted` (an Accept-Encoding header) names, else the file.
 */
export async function negotiate(file, accepted = '') {
  const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl(file) };
  // Named and not refused (`;q=0`).
  const names = accepted.split(',')
    .map((part) => part.split(';').map((piece) => piece.trim().toLowerCase()))
    .filter(([, ...params]) => !params.some((p) => /^q=0(\.0*)?$/.test(p)))
    .map(([name]) => name);
  if (COMPRESSED.has(extname(file))) {
    headers.vary = 'accept-encoding';
    for (const { name, suffix } of ENCODINGS.filter((e) => names.includes(e.name))) {
      const body = await readFile(file + suffix).catch(() => null);
      if (body) return { body, headers: { ...headers, 'content-encoding': name } };
    }
  }
  return { body: await readFile(file), headers };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? 'dist');
  const port = Number(process.env.PORT ?? 8080);
  createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
      const { body, headers } = await negotiate(file, req.headers['accept-encoding']);
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404); res.end('not found');
    }
  }).listen(port, '127.0.0.1', () => console.log(`Secure Score on http://127.0.0.1:${port}/ (${root})`));
}
