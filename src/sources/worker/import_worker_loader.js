// Entry script of the import worker (a classic worker, started by
// src/sources/worker/client.rs): loads the wasm-bindgen glue and the
// worker's wasm from beside this file. A wasm that cannot be loaded is
// reported to the page, which then imports on its own.
importScripts('./import_worker.js');
wasm_bindgen({ module_or_path: './import_worker_bg.wasm' }).catch((error) => {
  self.postMessage(['failed', `its code could not be loaded (${error?.name ?? 'Error'}: ${error?.message ?? error})`]);
});
