//! Calls into `signin.js`, the glue around Microsoft's msal-browser. Both
//! are downloaded on the first call (a dynamic `import()`), never at start:
//! the first load carries only this module's few bindings.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::trouble::AuthFailure;
use super::Account;

// `signin.js` by the name the build gave it: scripts/hash-assets.mjs rewrites
// this path, relative to the snippet (snippets/<crate>/inline<n>.js) as it is.
#[wasm_bindgen(inline_js = "export function load_glue(url) { return import(url); }
export function glue_url() { return new URL('../../signin.js', import.meta.url).href; }")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_glue(url: &str) -> Result<JsValue, JsValue>;
    /// Where `signin.js` is: beside the app's other files.
    pub fn glue_url() -> String;
}

#[wasm_bindgen]
extern "C" {
    /// The `signin.js` module namespace.
    #[derive(Clone)]
    type Glue;
    #[wasm_bindgen(method, catch)]
    async fn start(this: &Glue, options: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = signIn)]
    async fn sign_in(this: &Glue, request: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch)]
    async fn token(
        this: &Glue,
        account: &str,
        scopes: &str,
        force: bool,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = signOut)]
    async fn sign_out(this: &Glue) -> Result<JsValue, JsValue>;
}

thread_local! {
    static GLUE: RefCell<Option<Glue>> = const { RefCell::new(None) };
}

/// How MSAL's client is made.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Options<'a> {
    pub client_id: &'a str,
    pub authority: &'a str,
    /// `host:port` of a generic OpenID Connect provider.
    pub known_authority: Option<String>,
    /// The bridge page Entra answers to.
    pub redirect_uri: &'a str,
    /// The redirect flow (tokens in sessionStorage) instead of popups
    /// (tokens in memory).
    pub redirect: bool,
    pub popup_timeout_ms: u32,
}

/// A sign-in.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Request<'a> {
    pub scopes: &'a [String],
    /// A Conditional Access challenge (Graph's `claims`), decoded.
    pub claims: Option<String>,
    /// `select_account` to add another account.
    pub prompt: Option<&'static str>,
    pub login_hint: Option<String>,
}

fn failure(error: JsValue) -> AuthFailure {
    js_sys::JSON::stringify(&error)
        .ok()
        .and_then(|text| text.as_string())
        .and_then(|text| serde_json::from_str::<AuthFailure>(&text).ok())
        .filter(|f| !f.code.is_empty())
        .unwrap_or_else(|| {
            let message = error
                .as_string()
                .unwrap_or_else(|| "the sign-in code failed".to_string());
            AuthFailure::new("load_failed", message)
        })
}

/// The glue loaded from `url` (once).
async fn glue(url: &str) -> Result<Glue, AuthFailure> {
    if let Some(glue) = GLUE.with(|g| g.borrow().clone()) {
        return Ok(glue);
    }
    let module = load_glue(url).await.map_err(|error| {
        let why = crate::sources::error_text(&error, "message");
        AuthFailure::new("load_failed", format!("{url}: {why}"))
    })?;
    let glue: Glue = module.unchecked_into();
    GLUE.with(|g| *g.borrow_mut() = Some(glue.clone()));
    Ok(glue)
}

/// The glue, once [`start`] has loaded it.
fn loaded() -> Result<Glue, AuthFailure> {
    GLUE.with(|g| g.borrow().clone())
        .ok_or_else(|| AuthFailure::new("no_account_error", "not signed in"))
}

fn text(value: JsValue) -> String {
    value.as_string().unwrap_or_default()
}

/// Loads the glue from `url` (and MSAL beside it), makes the client and
/// finishes a redirect's return. The signed-in accounts.
pub async fn start(url: &str, options: &Options<'_>) -> Result<Vec<Account>, AuthFailure> {
    let glue = glue(url).await?;
    let options = serde_json::to_string(options).unwrap_or_default();
    let accounts = glue.start(&options).await.map_err(failure)?;
    Ok(serde_json::from_str(&text(accounts)).unwrap_or_default())
}

/// Signs an account in (popup), or leaves the page (redirect).
pub async fn sign_in(request: &Request<'_>) -> Result<Account, AuthFailure> {
    let glue = loaded()?;
    let request = serde_json::to_string(request).unwrap_or_default();
    let account = glue.sign_in(&request).await.map_err(failure)?;
    serde_json::from_str(&text(account)).map_err(|e| AuthFailure::new("unknown", e.to_string()))
}

/// An access token for the account, renewed silently when due (or `force`).
pub async fn token(account: &str, scopes: &[String], force: bool) -> Result<String, AuthFailure> {
    let glue = loaded()?;
    let scopes = serde_json::to_string(scopes).unwrap_or_default();
    glue.token(account, &scopes, force)
        .await
        .map(text)
        .map_err(failure)
}

/// Forgets every account and token of the app in this browser.
pub async fn sign_out() -> Result<(), AuthFailure> {
    let Ok(glue) = loaded() else {
        return Ok(());
    };
    glue.sign_out().await.map(|_| ()).map_err(failure)
}
