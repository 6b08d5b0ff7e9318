// Secure Score: the entry script of a host page (portal) that embeds the app.
//
//   <div id="secure-score" data-source="/api/securescore" data-view="widget"></div>
//   <script type="module" src="https://example.org/secure-score/embed.js"></script>
//
// An external module script, so it runs under a strict Content Security
// Policy (`script-src 'self' 'wasm-unsafe-eval'`, no inline script). Every
// file it loads is resolved next to this script, so the site works from any
// sub-path. It adds the app's stylesheets to the host's head, then loads
// the WebAssembly module, which mounts the app into `#secure-score` and
// every `[data-secure-score]` element. See README.md, "Embedding".
//
// This script keeps its name (hosts point at it; served uncached): the build
// writes the content-hashed names of the files below into it
// (scripts/hash-assets.mjs), so it always loads one build's files whole.

import init from './secure-score.js';

// The app's stylesheets, in the order of index.html (embed.css first), but
// site.css, which styles the app's own page (html, body) and never a host.
// tests/e2e/embed.test.mjs checks this list against index.html.
export const STYLESHEETS = ['embed.css', 'main.css', 'overview.css', 'actions.css', 'analyzer.css', 'data.css', 'fleet.css'];

const here = (file) => new URL(file, import.meta.url).href;

function addStylesheets() {
  const present = new Set(
    [...document.querySelectorAll('link[rel~="stylesheet"]')].map((link) => link.href),
  );
  for (const file of STYLESHEETS) {
    const href = here(file);
    if (present.has(href)) continue;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset.secureScoreStyle = '';
    document.head.append(link);
  }
}

function reportError(error) {
  const message = `Secure Score could not start: ${error?.message ?? error}`;
  console.error(message);
  const hosts = new Set([
    document.getElementById('secure-score'),
    ...document.querySelectorAll('[data-secure-score]'),
  ]);
  hosts.delete(null);
  for (const host of hosts) {
    host.dispatchEvent(new CustomEvent('securescore:error', {
      bubbles: true, composed: true, detail: { message },
    }));
  }
}

addStylesheets();
try {
  await init({ module_or_path: here('secure-score_bg.wasm') });
} catch (error) {
  reportError(error);
}
