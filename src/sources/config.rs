//! Where the source and sign-in are configured. The source, first found wins:
//!
//! - embedded in a host page: the mount element's `data-source`;
//! - on the app's own site: the `?source=` query parameter of the page
//!   (also accepted in the hash, `#/overview?source=...`), then
//!   `config.json` beside `index.html` (`{"source": "https://..."}`; a
//!   missing file, a web page in its place, or `"source": null` mean not
//!   configured).
//!
//! A `?source=` on another site than the app's is not fetched until the
//! admin allows it (a link can come from anyone).
//!
//! Sign-in (see [`crate::signin::config`]): `signIn` in `config.json`, or
//! the mount element's `data-client-id` (and `data-authority`,
//! `data-graph`, `data-scopes`) when embedded.
//!
//! Relative URLs are resolved against the page (`config.json`'s against
//! the file). `?timeout=<milliseconds>` (100 to 600000) sets the request
//! timeout, for tests and slow endpoints; the default is 30 s.

use serde_json::Value;

use super::import::looks_like_html;
use super::rest::{absolute, DEFAULT_TIMEOUT_MS};
use super::timer::Timeout;
use super::Problem;
use crate::signin::config::SignInConfig;

/// The config file, beside `index.html`.
pub const CONFIG_FILE: &str = "config.json";

/// Where a configured source came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    Query,
    Attribute,
    File,
    /// Microsoft Graph, for the signed-in admin.
    SignIn,
    /// Microsoft Graph, with the host page's token provider.
    Host,
}

impl From {
    /// For the source status.
    pub fn label(self) -> &'static str {
        match self {
            From::Query => "the page address (?source=)",
            From::Attribute => "the host page (data-source)",
            From::File => "config.json",
            From::SignIn => "signing in with Microsoft",
            From::Host => "the host page's sign-in (token provider)",
        }
    }
}

/// A configured endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Configured {
    pub url: String,
    pub from: From,
}

impl Configured {
    /// True for a `?source=` on another site than the app's: a link can come
    /// from anyone, so it waits for the admin to allow it.
    pub fn waits_for_consent(&self) -> bool {
        self.from == From::Query && !is_own_site(&self.url)
    }
}

/// What an instance's sources take from its configuration, read once when
/// the instance is created (the shell reads the host's attributes and the
/// page address): its tasks carry it.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mounted in a host's element: `config.json` is not read.
    pub embedded: bool,
    /// The host's `data-source` when embedded, else the page's `?source=`.
    pub source: Option<Configured>,
    /// The host's `data-tenant-name`: the tenant its source brings.
    pub tenant_name: Option<String>,
    /// Sign-in from the host's attributes, or why they are wrong.
    pub sign_in: Option<Result<SignInConfig, String>>,
    /// The request timeout (`?timeout=`).
    pub timeout_ms: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            embedded: false,
            source: None,
            tenant_name: None,
            sign_in: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// The request timeout from `?timeout=` milliseconds (100 to 600000).
pub fn timeout_from(param: Option<&str>) -> u32 {
    param
        .and_then(|t| t.parse::<u32>().ok())
        .map_or(DEFAULT_TIMEOUT_MS, |t| t.clamp(100, 600_000))
}

/// What `config.json` says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteFile {
    pub source: Option<Configured>,
    pub sign_in: Option<SignInConfig>,
}

/// True when `url` is on the app's own origin (a `?source=` elsewhere
/// waits for the admin's consent: see `Sources::link_source`).
pub fn is_own_site(url: &str) -> bool {
    let page = web_sys::window().and_then(|w| w.location().origin().ok());
    page.is_some_and(|page| super::rest::origin_of(url) == page)
}

/// Reads `config.json` on the app's own site (never when embedded). Empty
/// when there is none; a part that is wrong is a problem and left out, the
/// other part still counts.
pub async fn config_file() -> (SiteFile, Vec<Problem>) {
    let Some(url) = absolute(CONFIG_FILE, None) else {
        return (SiteFile::default(), Vec::new());
    };
    let Some(value) = fetch_config(&url).await else {
        return (SiteFile::default(), Vec::new());
    };
    let value = match value {
        Ok(value) => value,
        Err(problem) => return (SiteFile::default(), vec![problem]),
    };
    let mut problems = Vec::new();
    let source = source_in(&value, &url).unwrap_or_else(|problem| {
        problems.push(problem);
        None
    });
    let sign_in = SignInConfig::from_json(value.get("signIn")).unwrap_or_else(|message| {
        problems.push(Problem::new(CONFIG_FILE, "signIn", &message));
        None
    });
    (SiteFile { source, sign_in }, problems)
}

/// `config.json` as JSON; `None` when it is missing or a web page.
async fn fetch_config(url: &str) -> Option<Result<Value, Problem>> {
    let controller = web_sys::AbortController::new().ok();
    let _timer = controller
        .clone()
        .map(|c| Timeout::new(5_000, move || c.abort()));
    let response = gloo_net::http::Request::get(url)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
        .send()
        .await
        .ok()
        .filter(gloo_net::http::Response::ok)?;
    let bytes = response.binary().await.ok()?;
    if bytes.iter().all(u8::is_ascii_whitespace) || looks_like_html(&bytes) {
        return None;
    }
    Some(
        crate::engine::json::parse_bytes(&bytes)
            .map_err(|error| Problem::from_import(CONFIG_FILE, &error)),
    )
}

/// `config.json`'s `source`, resolved against the file's `url`.
fn source_in(value: &Value, url: &str) -> Result<Option<Configured>, Problem> {
    match value.get("source") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => match absolute(text, Some(url)) {
            Some(url) => Ok(Some(Configured {
                url,
                from: From::File,
            })),
            None => Err(Problem::new(
                CONFIG_FILE,
                "source",
                "expected an http or https URL",
            )),
        },
        Some(_) => Err(Problem::new(
            CONFIG_FILE,
            "source",
            "expected the endpoint's URL as text, or null",
        )),
    }
}
