// Entry script of the import worker (a module worker, started by
// src/sources/worker/client.rs): it runs the app's own wasm-bindgen glue
// and wasm, whose entry point starts the worker's side when it finds itself
// in a worker. The page's first message is its compiled WebAssembly.Module
// (nothing to download or compile again) and the URL of its glue: this
// script keeps a stable name, and the glue of the page's own build is
// loaded, whatever build has been deployed since. A glue or wasm that
// cannot be loaded is reported to the page, which then imports on its own.
self.addEventListener('message', (event) => {
  const [module, glue] = Array.isArray(event.data) ? event.data : [];
  import(glue)
    .then(({ default: init }) => init({ module_or_path: module }))
    .catch((error) => {
      self.postMessage(['failed', `its code could not be loaded (${error?.name ?? 'Error'}: ${error?.message ?? error})`]);
    });
}, { once: true });
