// Entry script of the import worker (a module worker, started by
// src/sources/worker/client.rs): it runs the app's own wasm-bindgen glue
// and wasm, whose entry point starts the worker's side when it finds itself
// in a worker. The page's first message is its compiled WebAssembly.Module
// (nothing to download or compile again); without one the glue loads the
// wasm from beside it. A wasm that cannot be loaded is reported to the
// page, which then imports on its own.
import init from './secure-score.js';

self.addEventListener('message', (event) => {
  const module = event.data instanceof WebAssembly.Module ? event.data : undefined;
  init({ module_or_path: module }).catch((error) => {
    self.postMessage(['failed', `its code could not be loaded (${error?.name ?? 'Error'}: ${error?.message ?? error})`]);
  });
}, { once: true });
