//! The REST endpoint client: GET a Graph-compatible endpoint (or any URL
//! that returns a supported file), follow `@odata.nextLink` pages, retry
//! 429 and 5xx (see [`super::retry`]), time out, cancel, and explain every
//! failure.
//!
//! - Pages: each response's `@odata.nextLink` is fetched until none is
//!   left (at most [`MAX_PAGES`]); the pages are imported as one file.
//! - Control profiles: when the URL's path ends with `/secureScores`, its
//!   sibling `/secureScoreControlProfiles` is fetched too (same origin,
//!   same token), so that the scores get their titles and points possible;
//!   if that fails the scores are shown with a warning.
//! - The bearer token is sent only to the endpoint's origin: a nextLink to
//!   another origin is not followed while a token is set (the pages
//!   fetched so far are shown, with a warning).
//! - Timeout: per request, [`DEFAULT_TIMEOUT_MS`] unless configured.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_util::future::{join3, OptionFuture};

use web_sys::{AbortController, RequestCache, RequestInit};

use super::import::{looks_like_html, megabytes, Failed, Parsed, MAX_BYTES};
use super::import_path;
use super::record::display_url;
use super::retry::{challenge_claims, decide, describe_wait, graph_error, Decision, MAX_RETRIES};
use super::timer::{sleep_unless, Timeout};
use super::worker::protocol::{FetchedInfo, Stage};
use super::{Endpoint, Failure, Problem};
use crate::engine::detect::{fields, Format};
use crate::engine::file::Pages;
use crate::engine::model::TenantInfo;

/// The timeout of one request.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The most pages followed.
pub const MAX_PAGES: usize = 500;

/// What a cancel runs.
type Hook = Box<dyn FnOnce()>;

/// Cancels the fetch in progress.
#[derive(Clone, Default)]
pub struct Canceller {
    cancelled: Rc<Cell<bool>>,
    current: Rc<RefCell<Option<AbortController>>>,
    /// Run once on cancel (the import worker's client stops the worker).
    hooks: Rc<RefCell<Vec<Hook>>>,
}

impl Canceller {
    /// Stops the fetch: aborts the request in flight and any wait.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(controller) = self.current.borrow().as_ref() {
            controller.abort();
        }
        let hooks = std::mem::take(&mut *self.hooks.borrow_mut());
        for hook in hooks {
            hook();
        }
    }

    /// Runs `hook` when the fetch is cancelled.
    pub fn on_cancel(&self, hook: impl FnOnce() + 'static) {
        self.hooks.borrow_mut().push(Box::new(hook));
    }

    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    /// True when both cancel the same fetch.
    pub fn same(&self, other: &Canceller) -> bool {
        Rc::ptr_eq(&self.cancelled, &other.cancelled)
    }
}

/// Where a fetch is, for the progress bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FetchProgress {
    pub pages: usize,
    pub bytes: u64,
    /// The request in flight, without query string.
    pub url: String,
    /// Why the fetch is waiting, e.g. "HTTP 429: retry 1 of 4 in 1 s".
    pub waiting: Option<String>,
}

/// What a fetch brought.
#[derive(Clone, Debug, Default)]
pub struct Fetched {
    /// The scores (and their profiles), as inputs of an import.
    pub inputs: Vec<Result<Parsed, Failed>>,
    /// Partial content, pages not followed, profiles missing.
    pub warnings: Vec<Problem>,
    pub pages: usize,
    pub bytes: u64,
    /// The tenant Graph's `/organization` names.
    pub organization: Option<TenantInfo>,
}

impl FetchProgress {
    /// The progress bar's stage.
    pub fn stage(self) -> Stage {
        Stage::Fetching {
            url: self.url,
            pages: self.pages,
            bytes: self.bytes,
            waiting: self.waiting,
        }
    }
}

impl Fetched {
    /// The inputs to import, and the rest.
    pub fn split(self) -> (Vec<Result<Parsed, Failed>>, FetchedInfo) {
        let info = FetchedInfo {
            warnings: self.warnings,
            pages: self.pages,
            bytes: self.bytes,
            organization: self.organization,
        };
        (self.inputs, info)
    }
}

/// Fetches every page of `endpoint`, and its control profiles (and, with a
/// token, the tenant's name) when the URL names Graph's secureScores. Those
/// are asked for beside the scores, not after them, so that the answers
/// travel together; they count only when the scores are Graph's.
pub async fn fetch_source(
    endpoint: &Endpoint,
    cancel: &Canceller,
    progress: &dyn Fn(FetchProgress),
) -> Result<Fetched, Failure> {
    let url = absolute(&endpoint.url, None).ok_or_else(|| {
        Failure::Other(Problem::new(
            &endpoint.url,
            "",
            "this is not a valid URL: enter an address such as \
             https://graph.microsoft.com/v1.0/security/secureScores",
        ))
    })?;
    let tally = Tally::default();
    let sibling = profiles_url(&url);
    let organization = endpoint.token.as_ref().and_then(|_| organization_url(&url));
    let mut warnings = Vec::new();
    let mut sibling_warnings = Vec::new();
    let (main, profiles, named) = join3(
        fetch_pages(&url, endpoint, cancel, progress, &tally, &mut warnings),
        OptionFuture::from(sibling.as_ref().map(|sibling| {
            fetch_pages(
                sibling,
                endpoint,
                cancel,
                progress,
                &tally,
                &mut sibling_warnings,
            )
        })),
        OptionFuture::from(
            organization
                .as_ref()
                .map(|organization| read_organization(organization, endpoint, cancel)),
        ),
    )
    .await;
    let main = main?;
    let mut fetched = Fetched {
        pages: tally.pages.get(),
        bytes: tally.bytes.get(),
        warnings,
        ..Fetched::default()
    };
    let scores = main.content.format() == Format::GraphScores;
    fetched.inputs.push(Ok(main));
    if !scores {
        return Ok(fetched);
    }
    if let (Some(sibling), Some(profiles)) = (&sibling, profiles) {
        match profiles {
            Ok(profiles) if profiles.content.format() == Format::GraphProfiles => {
                fetched.inputs.push(Ok(profiles));
                fetched.warnings.extend(sibling_warnings);
            }
            Err(Failure::Cancelled) => return Err(Failure::Cancelled),
            other => {
                let why = match other {
                    Ok(found) => format!("it returned {}", found.content.format().label()),
                    Err(Failure::AdminRequired { status, .. }) => {
                        format!("HTTP {status}: no permission")
                    }
                    Err(Failure::Other(problem)) => problem.message,
                    Err(Failure::Cancelled) => String::new(),
                };
                fetched.warnings.push(Problem::new(
                    &display_url(sibling),
                    "",
                    &format!(
                        "the control profiles could not be fetched ({why}): the scores are \
                         shown with their control ids as titles and points possible \
                         derived from the scores"
                    ),
                ));
            }
        }
    }
    match named.transpose()? {
        Some(Ok(organization)) => fetched.organization = Some(organization),
        Some(Err(warning)) => fetched.warnings.push(warning),
        None => {}
    }
    Ok(fetched)
}

/// Pages and bytes fetched so far, shared by the requests in flight.
#[derive(Default)]
struct Tally {
    pages: Cell<usize>,
    bytes: Cell<u64>,
}

/// Reads the tenant's name from Graph's `/organization` (delegated
/// `User.Read` is enough). Optional: a failure is a warning.
async fn read_organization(
    url: &str,
    endpoint: &Endpoint,
    cancel: &Canceller,
) -> Result<Result<TenantInfo, Problem>, Failure> {
    let token = endpoint.token.as_deref();
    let why = match get(url, token, endpoint.timeout_ms, cancel, &|_| {}).await {
        Ok(body) => match (import_path::load_for(url).await?.organization_of)(&body.bytes) {
            Some(organization) => return Ok(Ok(organization)),
            None => "it named no organization".to_string(),
        },
        Err(Failure::Cancelled) => return Err(Failure::Cancelled),
        Err(Failure::AdminRequired { status, .. }) => format!("HTTP {status}: no permission"),
        Err(Failure::Other(problem)) => problem.message,
    };
    Ok(Err(Problem::new(
        &display_url(url),
        "",
        &format!("the tenant's name could not be read ({why}): it is shown by its id"),
    )))
}

/// Fetches `url` and every nextLink after it, as one input.
async fn fetch_pages(
    url: &str,
    endpoint: &Endpoint,
    cancel: &Canceller,
    progress: &dyn Fn(FetchProgress),
    tally: &Tally,
    warnings: &mut Vec<Problem>,
) -> Result<Parsed, Failure> {
    let origin = origin_of(url);
    let name = display_url(url);
    let mut pages = Pages::default();
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some(url.to_string());
    let mut total: u64 = 0;
    while let Some(page_url) = next.take() {
        seen.push(page_url.clone());
        let same_origin = origin_of(&page_url) == origin;
        let token = endpoint.token.as_deref().filter(|_| same_origin);
        let report = |waiting: Option<String>, pages: usize, bytes: u64| {
            progress(FetchProgress {
                pages,
                bytes,
                url: display_url(&page_url),
                waiting,
            })
        };
        report(None, tally.pages.get(), tally.bytes.get());
        let body = get(&page_url, token, endpoint.timeout_ms, cancel, &|waiting| {
            report(Some(waiting), tally.pages.get(), tally.bytes.get())
        })
        .await?;
        if let Some(warning) = body.partial {
            warnings.push(warning);
        }
        total = total.saturating_add(body.bytes.len() as u64);
        if total > MAX_BYTES {
            return Err(Failure::Other(Problem::new(
                &name,
                "",
                &format!(
                    "the endpoint returned more than {} in {} pages: ask it for fewer days",
                    megabytes(MAX_BYTES),
                    pages.len() + 1
                ),
            )));
        }
        tally.pages.set(tally.pages.get() + 1);
        tally
            .bytes
            .set(tally.bytes.get().saturating_add(body.bytes.len() as u64));
        let page_name = if pages.is_empty() {
            name.clone()
        } else {
            format!("{name} (page {})", pages.len() + 1)
        };
        let link = (import_path::load_for(&page_url).await?.add_page)(&mut pages, body.bytes)
            .map_err(|error| Failure::Other(Problem::from_import(&page_name, &error)))?;
        report(None, tally.pages.get(), tally.bytes.get());
        if let Some(link) = link {
            match absolute(&link, Some(&page_url)) {
                Some(link) if seen.contains(&link) => warnings.push(Problem::new(
                    &page_name,
                    fields::ODATA_NEXT_LINK,
                    "the next page is one already fetched: stopped there",
                )),
                Some(_) if pages.len() >= MAX_PAGES => warnings.push(Problem::new(
                    &page_name,
                    fields::ODATA_NEXT_LINK,
                    &format!("stopped after {MAX_PAGES} pages: the data may be incomplete"),
                )),
                Some(link) if endpoint.token.is_some() && origin_of(&link) != origin => warnings
                    .push(Problem::new(
                        &page_name,
                        fields::ODATA_NEXT_LINK,
                        &format!(
                            "the next page is on another site ({}): it was not fetched, so \
                             that your token is not sent there. The data may be incomplete.",
                            origin_of(&link)
                        ),
                    )),
                Some(link) => next = Some(link),
                None => warnings.push(Problem::new(
                    &page_name,
                    fields::ODATA_NEXT_LINK,
                    "the link to the next page is not a valid URL: stopped there",
                )),
            }
        }
    }
    Ok(Parsed {
        name,
        content: (import_path::load_for(url).await?.into_content)(pages),
    })
}

/// A response body and what to say about it.
struct Body {
    bytes: Vec<u8>,
    partial: Option<Problem>,
}

/// GETs `url`, retrying 429 and 5xx; `waiting` hears about each wait.
async fn get(
    url: &str,
    token: Option<&str>,
    timeout_ms: u32,
    cancel: &Canceller,
    waiting: &dyn Fn(String),
) -> Result<Body, Failure> {
    let name = display_url(url);
    let mut retries = 0;
    loop {
        if cancel.is_cancelled() {
            return Err(Failure::Cancelled);
        }
        let (response, bytes) = attempt(url, token, timeout_ms, cancel).await?;
        let status = response.status();
        let header = |key: &str| response.headers().get(key);
        if (200..300).contains(&status) {
            let content_type = header("content-type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if content_type.contains("text/html") || looks_like_html(&bytes) {
                return Err(Failure::Other(Problem::new(
                    &name,
                    "",
                    "the endpoint returned a web page (HTML), not JSON: maybe a sign-in page \
                     or a portal's error page. Check the URL, and that the endpoint accepts \
                     your token or session",
                )));
            }
            let partial = (status == 206).then(|| {
                let detail = header("warning")
                    .map(|w| format!(" The endpoint's warning: {w}"))
                    .unwrap_or_default();
                Problem::new(
                    &name,
                    "HTTP 206",
                    &format!(
                        "the endpoint answered 206 Partial Content: the data shown may be \
                         incomplete.{detail}"
                    ),
                )
            });
            return Ok(Body { bytes, partial });
        }
        if status == 401 || status == 403 {
            let claims = header("www-authenticate").and_then(|h| challenge_claims(&h));
            return Err(Failure::AdminRequired {
                url: name,
                status,
                claims,
            });
        }
        let now =
            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        let retry_after = header("retry-after");
        match decide(retries, status, retry_after.as_deref(), now) {
            Decision::Retry { after_ms } => {
                retries += 1;
                waiting(format!(
                    "HTTP {status}: retry {retries} of {MAX_RETRIES} in {}",
                    describe_wait(after_ms)
                ));
                if !sleep_unless(after_ms, &cancel.cancelled).await {
                    return Err(Failure::Cancelled);
                }
            }
            Decision::WaitTooLong { after_ms } => {
                return Err(Failure::Other(Problem::new(
                    &name,
                    &format!("HTTP {status}"),
                    &format!(
                        "{}; it asks to wait {} before trying again (Retry-After): refresh later",
                        status_words(status, &response.status_text()),
                        describe_wait(after_ms)
                    ),
                )));
            }
            Decision::Stop => {
                let detail = error_detail(&bytes);
                let tried = if retries > 0 {
                    format!(" (after {retries} retries)")
                } else {
                    String::new()
                };
                return Err(Failure::Other(Problem::new(
                    &name,
                    &format!("HTTP {status}"),
                    &format!(
                        "{}{tried}{detail}",
                        status_words(status, &response.status_text())
                    ),
                )));
            }
        }
    }
}

/// One request and its body, within the timeout.
async fn attempt(
    url: &str,
    token: Option<&str>,
    timeout_ms: u32,
    cancel: &Canceller,
) -> Result<(gloo_net::http::Response, Vec<u8>), Failure> {
    let name = display_url(url);
    let network = |detail: String| {
        Failure::Other(Problem::new(
            &name,
            "",
            &format!(
                "the endpoint could not be reached{detail}. Check the URL, that the endpoint \
                 allows this site in its CORS headers (Access-Control-Allow-Origin, and \
                 Access-Control-Allow-Headers: Authorization when you give a token), and \
                 the network connection"
            ),
        ))
    };
    let controller = AbortController::new().map_err(|_| network(String::new()))?;
    *cancel.current.borrow_mut() = Some(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|_| network(String::new()))?;
    let _ = headers.set("Accept", "application/json");
    if let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) {
        let token = token
            .strip_prefix("Bearer ")
            .or_else(|| token.strip_prefix("bearer "))
            .unwrap_or(token);
        if headers
            .set("Authorization", &format!("Bearer {token}"))
            .is_err()
        {
            return Err(Failure::Other(Problem::new(
                &name,
                "token",
                "the token holds characters a request header cannot carry: paste the \
                 access token alone",
            )));
        }
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| {
        Failure::Other(Problem::new(
            &name,
            "",
            "this is not a URL the browser can fetch",
        ))
    })?;
    let failed = |error: gloo_net::Error| -> Failure {
        let (kind, message) = match &error {
            gloo_net::Error::JsError(js) => (js.name.clone(), js.message.clone()),
            other => (String::new(), other.to_string()),
        };
        if cancel.is_cancelled() {
            Failure::Cancelled
        } else if timed_out.get() || kind == "AbortError" {
            Failure::Other(Problem::new(
                &name,
                "",
                &format!(
                    "the endpoint did not answer within {}: it may be down or slow; try \
                     again, or refresh later",
                    describe_wait(u64::from(timeout_ms))
                ),
            ))
        } else if kind == "TypeError" {
            network(String::new())
        } else {
            network(format!(" ({message})"))
        }
    };
    let response = gloo_net::http::Request::from(request)
        .send()
        .await
        .map_err(failed)?;
    if let Some(length) = response
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok())
    {
        if length > MAX_BYTES {
            controller.abort();
            return Err(Failure::Other(Problem::new(
                &name,
                "",
                &format!(
                    "the response is {}, more than the {} this app reads: ask the endpoint \
                     for fewer days",
                    megabytes(length),
                    megabytes(MAX_BYTES)
                ),
            )));
        }
    }
    let bytes = response.binary().await.map_err(failed)?;
    Ok((response, bytes))
}

/// "HTTP 404 Not Found", with a hint for common statuses.
fn status_words(status: u16, text: &str) -> String {
    let text = if text.trim().is_empty() {
        match status {
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "",
        }
    } else {
        text.trim()
    };
    let hint = match status {
        404 => ": check the URL",
        429 => ": the endpoint is throttling requests",
        500..=599 => ": the endpoint failed",
        _ => "",
    };
    format!("the endpoint answered HTTP {status} {text}{hint}").replace("  ", " ")
}

/// The message of a Graph-style error body `{"error": {"code", "message"}}`.
fn error_detail(bytes: &[u8]) -> String {
    let Some((code, message)) = graph_error(bytes) else {
        return String::new();
    };
    match (code.is_empty(), message.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!(". The endpoint says: {code}"),
        (true, false) => format!(
            ". The endpoint says: {}",
            crate::engine::json::shorten(&message, 300)
        ),
        (false, false) => format!(
            ". The endpoint says: {code}: {}",
            crate::engine::json::shorten(&message, 300)
        ),
    }
}

/// `url` resolved against `base` (the page, when none; in the import
/// worker, where there is no page, `url` must be absolute), as an absolute
/// URL.
pub fn absolute(url: &str, base: Option<&str>) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let base = base
        .map(str::to_string)
        .or_else(|| web_sys::window()?.document()?.base_uri().ok().flatten());
    let parsed = match base {
        Some(base) => web_sys::Url::new_with_base(url, &base),
        None => web_sys::Url::new(url),
    }
    .ok()?;
    matches!(parsed.protocol().as_str(), "http:" | "https:").then(|| parsed.href())
}

/// The origin of an absolute URL (empty when unreadable).
pub fn origin_of(url: &str) -> String {
    web_sys::Url::new(url)
        .map(|u| u.origin())
        .unwrap_or_default()
}

/// Graph's `.../organization` for a `.../security/secureScores` URL.
fn organization_url(url: &str) -> Option<String> {
    let parsed = web_sys::Url::new(url).ok()?;
    let path = parsed.pathname();
    let lower = path.trim_end_matches('/').to_ascii_lowercase();
    let prefix = lower.strip_suffix("/security/securescores")?;
    parsed.set_pathname(&format!("{}/organization", &path[..prefix.len()]));
    parsed.set_search("");
    parsed.set_hash("");
    Some(parsed.href())
}

/// `.../secureScoreControlProfiles` beside a `.../secureScores` URL.
fn profiles_url(url: &str) -> Option<String> {
    let parsed = web_sys::Url::new(url).ok()?;
    let path = parsed.pathname();
    let trimmed = path.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/')?;
    if !last.eq_ignore_ascii_case("secureScores") {
        return None;
    }
    parsed.set_pathname(&format!("{parent}/secureScoreControlProfiles"));
    parsed.set_search("");
    parsed.set_hash("");
    Some(parsed.href())
}
