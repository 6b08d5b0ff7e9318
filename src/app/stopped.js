// The last resort when the wasm stops. A Rust panic in a release build
// aborts at once (-Cpanic=immediate-abort: no panic hook runs) and running
// out of memory traps the same way; either ends the app. This plain-JS
// listener, which needs no wasm to run, then says so in every app-error
// alert on the page instead of leaving it frozen.
const MESSAGE = 'Secure Score stopped after an internal error';

export function watchForStops() {
  const show = (error) => {
    if (!(error instanceof WebAssembly.RuntimeError)) return;
    for (const alert of document.querySelectorAll('[data-testid=app-error]')) {
      alert.textContent = `${MESSAGE} (${error.message}). Reload the page; your data is kept in this browser.`;
    }
  };
  addEventListener('error', (event) => show(event.error));
  addEventListener('unhandledrejection', (event) => show(event.reason));
}
