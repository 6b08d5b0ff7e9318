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
//   4. the files replace trunk's in staging, and index.html's integrity
//      (SRI) hashes of replaced files are recomputed; the split loader gets
//      a modulepreload link (the glue imports it at once).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
const sri = new Map();
for (const [name, path] of files) {
  await mkdir(dirname(join(staging, name)), { recursive: true });
  await copyFile(path, join(staging, name));
  sri.set(publicUrl + name, `sha384-${createHash('sha384').update(await readFile(path)).digest('base64')}`);
}

const indexPath = join(staging, 'index.html');
let index = await readFile(indexPath, 'utf8');
let replaced = 0;
index = index.replace(/<link\b[^>]*>/g, (tag) => {
  const href = tag.match(/\bhref="([^"]*)"/)?.[1];
  if (!sri.has(href) || !/\bintegrity="/.test(tag)) return tag;
  replaced += 1;
  return tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri.get(href)}"`);
});
const glue = `${publicUrl}${NAME}.js`;
if (replaced < 2 || !index.includes(`href="${glue}"`)) throw new Error(`index.html: no integrity hashes of ${glue} and its wasm to replace`);
const preload = `<link rel="modulepreload" href="${publicUrl}${LOADER}" crossorigin="anonymous" integrity="${sri.get(publicUrl + LOADER)}">`;
index = index.replace(/<link rel="modulepreload" href="[^"]*"[^>]*>/, (first) => first + preload);
// The size the loader hooks are given (the wasm trunk saw before its wasm-opt).
const mainSize = (await readFile(files.get(`${NAME}_bg.wasm`))).length;
index = index.replace(new RegExp(`('${publicUrl.replace(/[.]/g, '\\.')}${NAME}_bg\\.wasm', )\\d+`), `$1${mainSize}`);
await writeFile(indexPath, index);
say(`${chunks.length} chunks split off; ${replaced} integrity hashes replaced`);
