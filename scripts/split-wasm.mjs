// trunk post_build hook (Trunk.toml): splits the app's wasm into the main
// module and one chunk per split page (src/app/split.rs), then puts them in
// place of trunk's unsplit glue and wasm in the staging folder.
//
// trunk runs cargo, wasm-bindgen and wasm-opt with no step in between, and
// the split must happen on cargo's own wasm (wasm-bindgen drops the
// relocations the splitter needs; the `split` feature keeps them, see
// build.rs). So this re-reads cargo's wasm and does the rest itself:
//   1. wasm-split-cli (crate wasm_split_cli_support, the splitter that
//      matches Leptos' wasm_split macros): main module, chunks and the
//      split loader __wasm_split.js, which fetches a chunk beside itself;
//   2. wasm-bindgen on the main module, keeping the exports the chunks
//      link against (--keep-lld-exports);
//   3. in release builds, wasm-opt on every module with index.html's level
//      and parameters (trunk's own wasm-opt pass only saw the unsplit wasm);
//   4. the files replace trunk's in staging; the split loader gets a
//      modulepreload link (the glue imports it at once);
//   5. in release builds, the stylesheets are minified (minify-css.mjs);
//   6. every file but the stable ones gets its content hash in its name,
//      and index.html's integrity (SRI) hashes are recomputed
//      (hash-assets.mjs);
//   7. in release builds, every text and wasm file gets precompressed
//      copies beside it, .br and .gz (compress.mjs).
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashAssets } from './hash-assets.mjs';
import { compress } from './compress.mjs';
import { minifyCss } from './minify-css.mjs';

const NAME = 'secure-score';
const LOADER = '__wasm_split.js';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { TRUNK_PROFILE: profile, TRUNK_STAGING_DIR: staging, TRUNK_HTML_FILE: sourceHtml } = process.env;
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';
if (!profile || !staging || !sourceHtml) throw new Error('split-wasm runs as a trunk post_build hook');

const target = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
const input = join(target, 'wasm32-unknown-unknown', profile, `${NAME}.wasm`);
const work = join(target, 'wasm-split', profile);
const split = join(work, 'split');
const bound = join(work, 'bindgen');

const run = (tool, args) => execFileSync(tool, args, { stdio: 'inherit', cwd: ROOT });
const say = (text) => console.log(`[split-wasm] ${text}`);

await rm(work, { recursive: true, force: true });
await mkdir(split, { recursive: true });

// 1. Split.
run('wasm-split-cli', ['--target', 'web', '--out-name', NAME, input, split]);
const chunks = (await readdir(split)).filter((f) => f.endsWith('.wasm') && f !== `${NAME}.wasm`);
if (chunks.length === 0) throw new Error(`no chunks split off ${input}: was it built with the split feature?`);

// 2. The main module's glue.
run('wasm-bindgen', ['--target=web', `--out-dir=${bound}`, `--out-name=${NAME}`, '--no-typescript',
  '--keep-lld-exports', join(split, `${NAME}.wasm`)]);

// The files that end up in staging: path there → path here.
const files = new Map([
  [`${NAME}.js`, join(bound, `${NAME}.js`)],
  [`${NAME}_bg.wasm`, join(bound, `${NAME}_bg.wasm`)],
  [LOADER, join(split, LOADER)],
  ...chunks.map((f) => [f, join(split, f)]),
]);
for (const f of await readdir(join(bound, 'snippets'), { recursive: true, withFileTypes: true })) {
  if (f.isFile()) {
    const path = join(f.parentPath, f.name);
    files.set(relative(bound, path), path);
  }
}

// 3. wasm-opt, as trunk would have run it (release builds only).
const html = await readFile(sourceHtml, 'utf8');
const rustLink = html.match(/<link\b[^>]*data-trunk[^>]*rel="rust"[^>]*>/s)?.[0] ?? '';
const level = rustLink.match(/data-wasm-opt="([^"]*)"/)?.[1];
const params = rustLink.match(/data-wasm-opt-params="([^"]*)"/)?.[1].split(/\s+/).filter(Boolean) ?? [];
if (profile === 'release' && level && level !== '0') {
  for (const [name, path] of files) {
    if (name.endsWith('.wasm')) run('wasm-opt', [`-O${level}`, ...params, path, '-o', path]);
  }
}

// 4. In place of trunk's files.
await rm(join(staging, `${NAME}.js`), { force: true });
await rm(join(staging, `${NAME}_bg.wasm`), { force: true });
await rm(join(staging, 'snippets'), { recursive: true, force: true });
for (const [name, path] of files) {
  await mkdir(dirname(join(staging, name)), { recursive: true });
  await copyFile(path, join(staging, name));
}

const indexPath = join(staging, 'index.html');
let index = await readFile(indexPath, 'utf8');
const glue = `${publicUrl}${NAME}.js`;
if (!index.includes(`href="${glue}"`)) throw new Error(`index.html: no link to ${glue}`);
// Its integrity hash is written with the others' by hashAssets.
const preload = `<link rel="modulepreload" href="${publicUrl}${LOADER}" crossorigin="anonymous" integrity="">`;
index = index.replace(/<link rel="modulepreload" href="[^"]*"[^>]*>/, (first) => first + preload);
// The size the loader hooks are given (the wasm trunk saw before its wasm-opt).
const mainSize = (await readFile(files.get(`${NAME}_bg.wasm`))).length;
index = index.replace(new RegExp(`('${publicUrl.replace(/[.]/g, '\\.')}${NAME}_bg\\.wasm', )\\d+`), `$1${mainSize}`);
await writeFile(indexPath, index);
say(`${chunks.length} chunks split off`);

// 5. Minified stylesheets (release builds; scripts/minify-css.mjs).
if (profile === 'release') say(`stylesheets minified: ${await minifyCss(staging)} bytes less`);

// 6. Content hashes in every name but the stable ones (scripts/hash-assets.mjs).
const renamed = await hashAssets(staging);
say(`${renamed.size} files renamed with their content hashes`);

// 7. Precompressed copies (.br, .gz) of release builds (scripts/compress.mjs).
if (profile === 'release') say(`${await compress(staging)} files precompressed (.br, .gz)`);
