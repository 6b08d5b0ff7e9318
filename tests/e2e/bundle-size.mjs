// Prints the release bundle's size (wasm, js, css: raw and gzipped) in three
// parts, what the first page load downloads, the import worker (loaded on
// the first import only) and sign-in (loaded when an admin signs in), and
// fails when a gzipped total is above its budget in budget.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, bundleFiles } from './harness.mjs';

const budget = JSON.parse(await readFile(join(ROOT, 'tests/e2e/budget.json'), 'utf8'));
const rows = await bundleFiles();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (!rows.some((r) => r.kind === 'wasm' && r.part === 'first load')) { console.error('no wasm in dist/: build first'); process.exit(1); }
if (!rows.some((r) => r.part === 'worker')) { console.error('no import worker in dist/: build first'); process.exit(1); }
if (!rows.some((r) => r.part === 'sign-in')) { console.error('no sign-in files in dist/: build first'); process.exit(1); }
let over = false;
for (const [part, limit] of [['first load', budget.firstLoadGzipBytes], ['worker', budget.workerGzipBytes], ['sign-in', budget.signInGzipBytes]]) {
  const mine = rows.filter((r) => r.part === part);
  for (const r of mine) console.log(`${r.kind.padEnd(5)} ${r.name.padEnd(28)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(9)}`);
  const raw = mine.reduce((s, r) => s + r.raw, 0);
  const gzip = mine.reduce((s, r) => s + r.gzip, 0);
  console.log(`${part.padEnd(34)} raw ${kb(raw).padStart(9)}  gzip ${kb(gzip).padStart(9)}  (budget ${kb(limit)} gzipped)\n`);
  if (gzip > limit) { console.error(`${part} is over budget by ${kb(gzip - limit)}`); over = true; }
}
if (over) process.exit(1);
