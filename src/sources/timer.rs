//! Waiting without freezing the page: a yield to the event loop between
//! chunks of work, a sleep that a cancel cuts short, and a timeout that
//! aborts a request; on a page or in the import worker alike.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `setTimeout` of the page or of the worker this runs in.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: i32) -> i32;
    /// `clearTimeout` of the page or of the worker this runs in.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: i32);
}

/// Resolves after `ms` milliseconds through `setTimeout` (0: at the next
/// turn of the event loop, after the browser has had a chance to paint
/// and handle input).
pub async fn wait(ms: u32) {
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        set_timeout(&resolve, i32::try_from(ms).unwrap_or(i32::MAX));
    });
    let _ = JsFuture::from(promise).await;
}

/// Lets the browser paint and handle input before going on: a
/// `MessageChannel` message, a task of the usual priority (so a frame due
/// is painted first, which `scheduler.yield()`'s continuations may delay).
/// Not `setTimeout(0)`: browsers hold a timeout set from within a timeout
/// for at least 4 ms from the fifth on, idle time that work yielding every
/// 8 ms would lose a third of its time to.
pub async fn yield_now() {
    let promise =
        Promise::new(
            &mut |resolve: Function, _reject: Function| match web_sys::MessageChannel::new() {
                Ok(channel) => {
                    channel.port1().set_onmessage(Some(&resolve));
                    let _ = channel.port2().post_message(&JsValue::NULL);
                }
                Err(_) => {
                    set_timeout(&resolve, 0);
                }
            },
        );
    let _ = JsFuture::from(promise).await;
}

/// Sleeps `ms` milliseconds in short steps, returning early (false) once
/// `cancelled` is set.
pub async fn sleep_unless(ms: u64, cancelled: &Rc<Cell<bool>>) -> bool {
    let mut left = ms;
    while left > 0 {
        if cancelled.get() {
            return false;
        }
        let step = left.min(100);
        wait(u32::try_from(step).unwrap_or(100)).await;
        left -= step;
    }
    !cancelled.get()
}

/// A `setTimeout` that runs `f` unless dropped first (dropping clears it).
pub struct Timeout {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Runs `f` after `ms` milliseconds.
    pub fn new(ms: u32, f: impl FnMut() + 'static) -> Timeout {
        let callback = Closure::<dyn FnMut()>::new(f);
        let handle = set_timeout(
            callback.as_ref().unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        );
        Timeout {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(self.handle);
    }
}

/// The `performance` of the page or of the worker this runs in.
fn performance() -> Option<web_sys::Performance> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into().ok())
}

/// Milliseconds since the page (or worker) started, for measuring.
pub fn now_ms() -> f64 {
    performance().map_or(0.0, |p| p.now())
}

/// A stretch of work on the page: once it has run [`Slice::MS`], the
/// caller lets the browser paint and handle input (a yield, or a wait for
/// an IndexedDB put), then starts the next.
pub struct Slice {
    started: f64,
}

impl Slice {
    /// Half a frame: the other half is left to the browser.
    const MS: f64 = 8.0;

    pub fn start() -> Slice {
        Slice { started: now_ms() }
    }

    /// True once this slice has run its time.
    pub fn is_over(&self) -> bool {
        now_ms() - self.started > Self::MS
    }

    /// Starts the next slice, after the wait.
    pub fn restart(&mut self) {
        self.started = now_ms();
    }
}

/// A User Timing measure (`performance.measure`) from its creation to its
/// drop, named `secure-score:<name>`: visible in the browser's performance
/// tools, read by the end-to-end tests.
pub struct Span(String);

impl Span {
    /// Starts measuring `name`.
    pub fn start(name: &str) -> Span {
        let name = format!("secure-score:{name}");
        if let Some(performance) = performance() {
            let _ = performance.mark(&format!("{name}:start"));
        }
        Span(name)
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(performance) = performance() {
            let start = format!("{}:start", self.0);
            let _ = performance.measure_with_start_mark(&self.0, &start);
            performance.clear_marks_with_mark_name(&start);
        }
    }
}
