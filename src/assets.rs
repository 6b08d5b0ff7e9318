//! This build's own files: the app finds them beside its wasm-bindgen glue,
//! whose folder holds the whole build, whichever page or host loaded it
//! (content-hashed names: an open page loads only its own build's files).

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `import.meta.url` of the app's wasm-bindgen glue: the address of the
    /// build that runs, whichever page or host loaded it.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// The exact glue of this build, for the import worker to run with the
/// page's module (a deploy may since have put another build's beside it).
pub fn glue_url() -> String {
    GLUE_URL.with(Clone::clone)
}

/// A file of the app beside its other files (beside the glue, whose folder
/// holds the whole build, also when the app is embedded).
pub fn asset_url(file: &str) -> Option<String> {
    GLUE_URL.with(|glue| {
        web_sys::Url::new_with_base(file, glue)
            .ok()
            .map(|url| url.href())
    })
}
