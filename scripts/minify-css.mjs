// Minifies the built site's stylesheets in place with lightningcss (the
// engine trunk's own minifier uses; trunk's minifies the HTML too, which
// the post_build hook reads). Run by the hook on release builds, before the
// content hashes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'lightningcss';

/** Minifies every `.css` file under `dir`; returns the bytes saved. */
export async function minifyCss(dir) {
  let saved = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    if (!name.endsWith('.css')) continue;
    const path = join(dir, name);
    const code = await readFile(path);
    const { code: minified } = transform({ filename: name, code, minify: true });
    await writeFile(path, minified);
    saved += code.length - minified.length;
  }
  return saved;
}
