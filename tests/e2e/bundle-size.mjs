// Prints the release bundle's size (wasm, js, css: raw and gzipped) in the
// parts a visit downloads apart: the first page load, the first use of each
// split point (the Actions, Score Analyzer, Our assessment and Data pages, src/app/split.rs,
// and the share report, src/embed/share.rs: their wasm chunks, shared ones
// included), the import worker (loaded on the first import only) and
// sign-in (loaded when an admin signs in). Fails when a gzipped total is
// above its budget in budget.json, and when a split point of budget.json
// has no chunk (the split would have quietly stopped working).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, bundleFiles, bundleParts } from './harness.mjs';

const budget = JSON.parse(await readFile(join(ROOT, 'tests/e2e/budget.json'), 'utf8'));
const limits = {
  'first load': budget.firstLoadGzipBytes,
  worker: budget.workerGzipBytes,
  'sign-in': budget.signInGzipBytes,
  ...Object.fromEntries(Object.entries(budget.splitGzipBytes).map(([split, bytes]) => [`split ${split}`, bytes])),
};
const rows = await bundleFiles();
const parts = bundleParts(rows);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let failed = false;
const fail = (message) => { console.error(message); failed = true; };
if (!rows.some((r) => r.kind === 'wasm' && r.part === 'first load')) fail('no wasm in dist/: build first');
for (const [part, limit] of Object.entries(limits)) {
  if (!parts.some(([name, mine]) => name === part && mine.length > 0)) fail(`no files of ${part} in dist/ (build first; every split point of budget.json must be split off)`);
}
for (const [part, mine] of parts) {
  const limit = limits[part];
  if (limit === undefined) { fail(`${part} has no budget in budget.json`); continue; }
  for (const r of mine) console.log(`${r.kind.padEnd(5)} ${r.name.padEnd(34)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(9)}`);
  const raw = mine.reduce((s, r) => s + r.raw, 0);
  const gzip = mine.reduce((s, r) => s + r.gzip, 0);
  const br = mine.every((r) => r.br !== null) ? `  brotli ${kb(mine.reduce((s, r) => s + r.br, 0)).padStart(9)}` : '';
  console.log(`${part.padEnd(40)} raw ${kb(raw).padStart(9)}  gzip ${kb(gzip).padStart(9)}${br}  (budget ${kb(limit)} gzipped)\n`);
  if (gzip > limit) fail(`${part} is over budget by ${kb(gzip - limit)}`);
}
const all = rows.reduce((s, r) => s + r.gzip, 0);
console.log(`every file together                       gzip ${kb(all).padStart(9)}`);
if (failed) process.exit(1);
