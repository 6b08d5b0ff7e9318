// Precompressed copies of the built site's text and wasm files, beside
// them: `<name>.br` (brotli, its best level) and `<name>.gz` (gzip, level
// 9), for hosts that serve a file's precompressed copy when the browser
// accepts it (scripts/serve.mjs does; README "Deploying" says how others
// do). Run by the post_build hook on release builds, after the hashes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The kinds of file worth compressing (images and fonts are already). */
export const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg']);

/** The encodings written, in the order a server prefers them. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
];

/** Writes the copies of every file under `dir`; returns how many files. */
export async function compress(dir) {
  let count = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    if (!COMPRESSED.has(extname(name))) continue;
    const path = join(dir, name);
    const body = await readFile(path);
    const br = brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
    await writeFile(`${path}.br`, br);
    await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
    count++;
  }
  return count;
}
