// Content hashes in the built site's file names (run by split-wasm.mjs, the
// post_build hook, on trunk's staging folder), so that a deploy never mixes
// two builds in an open page: every file a page loads is renamed
// `<name>-<16 hex of sha256>.<ext>` and every reference to it rewritten,
// except the files whose names others depend on (STABLE). Those are served
// uncached, the hashed ones as immutable (scripts/serve.mjs, README
// "Deploying").
//
// A reference is a quoted path relative to the referring file (`"./x.js"`,
// `'x.css'`, `"../../signin.js"`), not followed by `:` (wasm-bindgen's
// imports object is keyed by the module names written inside the wasm,
// which stay as they are). Files are renamed in dependency order, so that a
// name covers what the file refers to; files that refer to each other (the
// glue and the split loader) share one hash of all their contents. Last,
// every `integrity` (SRI) attribute of the HTML pages is recomputed.
import { createHash } from 'node:crypto';
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, posix, relative, sep } from 'node:path';

/** The names others depend on: the pages, the host's entry script, the
 * import worker's entry script and the site's configuration. */
export const isStable = (path) => path.endsWith('.html')
  || ['embed.js', 'import_worker_loader.js', 'config.json'].includes(path);

/** A hashed name: `-` and 16 hex digits before the extension. */
export const HASHED = /-[0-9a-f]{16}(?=\.[^./]+$)/;

const TEXT = new Set(['.js', '.mjs', '.css', '.html']);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha = (algorithm, bytes, encoding) => createHash(algorithm).update(bytes).digest(encoding);

/** The paths (relative to `dir`, with `/`) of every file under it. */
async function files(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** Renames the files of `dir` with their content hashes; returns the map
 * old path → new path. */
export async function hashAssets(dir) {
  const all = await files(dir);
  const content = new Map();
  for (const path of all) content.set(path, await readFile(join(dir, path)));
  // A pattern per target, relative to each referring folder.
  const patterns = new Map();
  const pattern = (from, target) => {
    const spelled = posix.relative(posix.dirname(from), target);
    const key = `${posix.dirname(from)}\0${target}`;
    if (!patterns.has(key)) patterns.set(key, new RegExp(`(["'])(\\./)?${escape(spelled)}\\1(?!\\s*:)`, 'g'));
    return patterns.get(key);
  };
  const hashed = all.filter((path) => !isStable(path));
  const refers = (from, target) => from !== target && TEXT.has(extname(from))
    && content.get(from).toString('utf8').search(pattern(from, target)) >= 0;
  const edges = new Map(all.map((from) => [from, hashed.filter((target) => refers(from, target))]));

  const renamed = new Map();
  const rewrite = (from, names) => {
    let text = content.get(from).toString('utf8');
    for (const [target, name] of names) {
      if (!edges.get(from).includes(target)) continue;
      text = text.replace(pattern(from, target), (_, quote, dot) => `${quote}${dot ?? ''}${posix.relative(posix.dirname(from), name)}${quote}`);
    }
    return Buffer.from(text);
  };
  for (const group of components(hashed, edges)) {
    // The group's contents, their references outside it already renamed.
    const bodies = group.map((path) => (TEXT.has(extname(path)) ? rewrite(path, renamed) : content.get(path)));
    const hash = createHash('sha256');
    group.forEach((path, i) => hash.update(`${path}\0${bodies[i].length}\0`).update(bodies[i]));
    const digest = hash.digest('hex').slice(0, 16);
    for (const path of group) {
      const ext = extname(path);
      renamed.set(path, posix.join(posix.dirname(path), `${basename(path, ext)}-${digest}${ext}`));
    }
    group.forEach((path, i) => content.set(path, bodies[i]));
    for (const path of group) {
      if (TEXT.has(extname(path))) content.set(path, rewrite(path, renamed));
    }
  }
  for (const path of hashed) {
    await writeFile(join(dir, path), content.get(path));
    await rename(join(dir, path), join(dir, renamed.get(path)));
  }
  for (const path of all.filter((p) => isStable(p) && TEXT.has(extname(p)))) {
    let text = rewrite(path, renamed).toString('utf8');
    if (path.endsWith('.html')) text = await withIntegrity(dir, path, text);
    await writeFile(join(dir, path), text);
  }
  return renamed;
}

/** The page with each `<link … integrity>`'s hash recomputed from its file. */
async function withIntegrity(dir, page, html) {
  const links = [...html.matchAll(/<link\b[^>]*\bintegrity="[^"]*"[^>]*>/g)].map((m) => m[0]);
  for (const tag of links) {
    const href = tag.match(/\bhref="([^"]*)"/)?.[1];
    const file = href && join(dir, dirname(page), href);
    let bytes;
    try {
      bytes = await readFile(file);
    } catch {
      throw new Error(`${page}: ${href} has an integrity hash but no file`);
    }
    html = html.replace(tag, tag.replace(/\bintegrity="[^"]*"/, `integrity="sha384-${sha('sha384', bytes, 'base64')}"`));
  }
  return html;
}

/** The strongly connected components of the graph (Tarjan), each after
 * every component it refers to. */
function components(nodes, edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        group.push(w);
      } while (w !== v);
      out.push(group.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}
