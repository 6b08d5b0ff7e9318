//! The import worker's protocol: what the page and the worker say. The
//! worker itself and the page's side of it are the app's (browser APIs).

pub mod days;
pub mod protocol;
