//! Split points: functions whose code trunk's builds move into a wasm chunk
//! of their own, fetched on first use (`scripts/split-wasm.mjs`). The shell
//! splits pages with them (`app/split.rs`), embed the share report.

/// Declares `async fn $name(args) -> Result<$ret, SplitLoaderError>` whose
/// body goes into the wasm chunk `$chunk`. Only with the `split` feature
/// (trunk's builds, which the post_build hook splits): a split point links
/// imports that only the splitter resolves, so a wasm that is not split
/// (component tests) must have none, and there it is a plain call.
macro_rules! split_point {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible
        )]
        fn $name($($arg: $ty),*) -> Result<$ret, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$ret, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }
    };
}
pub(crate) use split_point;
