//! The collector: makes each read of [`Read::ALL`] against Graph v1.0 with
//! one token, following `@odata.nextLink` pages, waiting out 429 and 5xx as
//! Graph asks (`Retry-After`), each request within a timeout. A refused or
//! failed read is its answer; it never stops the others.

use std::collections::BTreeMap;

use gloo_net::http::Request;
use serde_json::Value;
use web_sys::AbortController;

use crate::engine::detect::fields;
use crate::engine::live::{Answer, Read, Refusal};
use crate::sources::retry::{decide, graph_error, Decision};
use crate::sources::timer::{wait, Timeout};

/// How long one request may take.
const TIMEOUT_MS: u32 = 30_000;
/// The most pages one list is read to (999 users a page: about 50,000 users).
const MAX_PAGES: usize = 50;

/// Reads every answer; `progress(done, next)` before each read.
pub async fn collect(
    graph: &str,
    token: &str,
    progress: &dyn Fn(usize, Read),
) -> BTreeMap<Read, Answer> {
    let mut answers = BTreeMap::new();
    for (done, read) in Read::ALL.into_iter().enumerate() {
        progress(done, read);
        let url = format!("{graph}/v1.0{}", read.path());
        let answer = if read.is_list() {
            list(&url, token).await
        } else {
            get(&url, token).await
        };
        answers.insert(read, answer);
    }
    answers
}

/// Every page's `value`, joined.
async fn list(url: &str, token: &str) -> Answer {
    let mut items = Vec::new();
    let mut next = Some(url.to_string());
    let mut pages = 0;
    while let Some(url) = next.take() {
        let page = get(&url, token).await?;
        if let Some(value) = page.get(fields::VALUE).and_then(Value::as_array) {
            items.extend(value.iter().cloned());
        }
        pages += 1;
        next = page
            .get(fields::ODATA_NEXT_LINK)
            .and_then(Value::as_str)
            .filter(|link| pages < MAX_PAGES && same_origin(link, url.as_str()))
            .map(str::to_string);
    }
    Ok(Value::Array(items))
}

/// The token goes only where the first request went.
fn same_origin(link: &str, first: &str) -> bool {
    let origin = |u: &str| u.split('/').take(3).collect::<Vec<_>>().join("/");
    origin(link) == origin(first)
}

/// One JSON answer, retried as Graph asks.
async fn get(url: &str, token: &str) -> Answer {
    let mut retries = 0;
    loop {
        let controller = AbortController::new()
            .map_err(|_| refusal(0, "the browser cannot make requests here"))?;
        let _timer = {
            let controller = controller.clone();
            Timeout::new(TIMEOUT_MS, move || controller.abort())
        };
        let response = Request::get(url)
            .header("Authorization", &format!("Bearer {token}"))
            .header("Accept", "application/json")
            .abort_signal(Some(&controller.signal()))
            .send()
            .await
            .map_err(|_| {
                refusal(
                    0,
                    "Graph did not answer (network, or no answer within 30 seconds)",
                )
            })?;
        let status = response.status();
        if (200..300).contains(&status) {
            return response
                .json::<Value>()
                .await
                .map_err(|_| refusal(status, "the answer is not JSON"));
        }
        let now =
            chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        let retry_after = response.headers().get("retry-after");
        match decide(retries, status, retry_after.as_deref(), now) {
            Decision::Retry { after_ms } => {
                retries += 1;
                wait(u32::try_from(after_ms).unwrap_or(u32::MAX)).await;
            }
            Decision::Stop | Decision::WaitTooLong { .. } => {
                let body = response.text().await.unwrap_or_default();
                return Err(refusal(status, &graph_message(&body)));
            }
        }
    }
}

fn refusal(status: u16, message: &str) -> Refusal {
    Refusal {
        status,
        message: message.to_string(),
    }
}

/// Graph's `error.message`, else nothing.
fn graph_message(body: &str) -> String {
    graph_error(body.as_bytes())
        .map(|(_, message)| message)
        .unwrap_or_default()
}
