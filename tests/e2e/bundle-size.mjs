// Prints the release bundle's size (wasm, js, css: raw and gzipped) and
// fails when the gzipped total is above the budget in budget.json.
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { DIST, ROOT } from './harness.mjs';

const budget = JSON.parse(await readFile(join(ROOT, 'tests/e2e/budget.json'), 'utf8')).totalGzipBytes;
const kinds = { '.wasm': 'wasm', '.js': 'js', '.css': 'css' };
const rows = [];
for (const name of (await readdir(DIST)).sort()) {
  const kind = kinds[extname(name)];
  // The example portal page is a demo of embedding, not part of the app.
  if (!kind || name.startsWith('example-portal')) continue;
  const bytes = await readFile(join(DIST, name));
  rows.push({ name, kind, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const r of rows) console.log(`${r.kind.padEnd(5)} ${r.name.padEnd(28)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(9)}`);
const raw = rows.reduce((s, r) => s + r.raw, 0);
const gzip = rows.reduce((s, r) => s + r.gzip, 0);
console.log(`total ${''.padEnd(28)} raw ${kb(raw).padStart(9)}  gzip ${kb(gzip).padStart(9)}  (budget ${kb(budget)} gzipped)`);
if (!rows.some((r) => r.kind === 'wasm')) { console.error('no wasm in dist/: build first'); process.exit(1); }
if (gzip > budget) { console.error(`bundle is over budget by ${kb(gzip - budget)}`); process.exit(1); }
