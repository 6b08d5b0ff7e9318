// The last resort when the wasm stops. A Rust panic in a release build
// aborts at once (-Cpanic=immediate-abort: no panic hook runs) and running
// out of memory traps the same way; either ends the app. This plain-JS
// listener, which needs no wasm to run, then says so in every app-error
// alert on the page instead of leaving it frozen. It tells our traps from
// those of another wasm app on a host page by the module a stack names.
const MESSAGE = 'Secure Score stopped after an internal error';

// What a stack frame of a wasm function names its module by:
// "wasm://wasm/5f3c1a2b" in Chromium, the .wasm file's URL in Firefox.
const MODULE = /([^\s@(]+)(?=:wasm-function\[)/;

export function watchForStops() {
  // Called from our wasm, so this stack names our module (null when the
  // browser's stacks say nothing of it: then every trap counts as ours).
  const ours = MODULE.exec(new Error().stack ?? '')?.[1] ?? null;
  const show = (error) => {
    if (!(error instanceof WebAssembly.RuntimeError)) return;
    if (ours && !String(error.stack).includes(ours)) return;
    for (const alert of document.querySelectorAll('[data-testid=app-error]')) {
      alert.textContent = `${MESSAGE} (${error.message}). Reload the page; your data is kept in this browser.`;
    }
  };
  addEventListener('error', (event) => show(event.error));
  addEventListener('unhandledrejection', (event) => show(event.reason));
}
