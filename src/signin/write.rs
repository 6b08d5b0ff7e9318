//! Saving an action's status to Microsoft 365:
//! `PATCH /security/secureScoreControlProfiles/{id}` with the signed-in
//! admin's token for `SecurityEvents.ReadWrite.All`, asked for only here
//! (MSAL renews silently where the tenant consented, else opens the
//! consent window once).

use chrono::{DateTime, Utc};
use gloo_net::http::Request;
use leptos::prelude::*;
use serde_json::json;

use super::consent::consented_token;
use super::session::SignIn;
use crate::engine::detect::fields;
use crate::engine::model::StateUpdate;
use crate::engine::state::{to_graph, writable, write_comment};
use crate::engine::status::AdminStatus;
use crate::sources::retry::graph_error;

impl SignIn {
    /// True when the shown tenant's statuses can be saved to Microsoft 365:
    /// an account signed in here (not a host page's) belongs to it.
    pub fn can_save(&self, tenant: &str) -> bool {
        !self.hosted.get()
            && self.accounts.with(|all| {
                all.iter()
                    .any(|a| a.tenant.eq_ignore_ascii_case(tenant.trim()))
            })
    }

    /// Saves `status` of `control` in `tenant` to Microsoft 365 and returns
    /// the state as Graph now holds it; the error says why not and what to
    /// do (the status stays in this browser either way).
    pub async fn save_status(
        self,
        tenant: &str,
        control: &str,
        status: &AdminStatus,
        now: DateTime<Utc>,
    ) -> Result<StateUpdate, String> {
        writable(control).map_err(|why| format!("{why} It is kept in this browser."))?;
        let config = self
            .config
            .get_untracked()
            .ok_or_else(|| "Sign-in is not configured for this site.".to_string())?;
        let account = self
            .account_of(tenant)
            .ok_or_else(|| "Sign in to this tenant to save statuses to it.".to_string())?;
        let scopes = config.write_scopes();
        let url = format!(
            "{}/v1.0/security/secureScoreControlProfiles/{}",
            config.graph,
            encode_segment(control)
        );
        let comment = write_comment(status);
        let state = to_graph(status.status);
        let body = json!({
            fields::COMMENT: comment,
            fields::STATE: state,
            fields::VENDOR_INFORMATION: {
                fields::PROVIDER: "SecureScore",
                fields::PROVIDER_VERSION: null,
                fields::SUB_PROVIDER: null,
                fields::VENDOR: "Microsoft"
            }
        });
        let mut force = false;
        loop {
            let token = consented_token(&account, &scopes, force)
                .await
                .map_err(|why| format!("{why} The status is kept in this browser."))?;
            let answer = Request::patch(&url)
                .header("Authorization", &format!("Bearer {token}"))
                .json(&body)
                .map_err(|e| format!("The request could not be made ({e})."))?
                .send()
                .await
                .map_err(|_| {
                    "Microsoft Graph could not be reached: check the network connection and \
                     try again. The status is kept in this browser."
                        .to_string()
                })?;
            match answer.status() {
                200..=299 => {
                    return Ok(StateUpdate::read(
                        state,
                        &comment,
                        &account.username,
                        "",
                        Some(now),
                    ))
                }
                401 if !force => force = true,
                403 => {
                    return Err(
                        "Microsoft 365 refused to save the status (HTTP 403). Changing \
                        an action's status needs the Security Administrator role (Exchange or \
                        SharePoint Administrator for their own services' actions) and the \
                        SecurityEvents.ReadWrite.All permission granted to Secure Score. Ask \
                        an admin with that role to save it; it is kept in this browser."
                            .to_string(),
                    )
                }
                code => {
                    let detail = answer.text().await.unwrap_or_default();
                    return Err(format!(
                        "Microsoft Graph answered HTTP {code}{}: the status was not saved. It \
                         is kept in this browser; try again later.",
                        graph_message(&detail)
                    ));
                }
            }
        }
    }
}

/// Graph's error message from an error body, as ` (message)`.
fn graph_message(body: &str) -> String {
    graph_error(body.as_bytes())
        .map(|(_, message)| message)
        .filter(|m| !m.is_empty())
        .map(|m| format!(" ({m})"))
        .unwrap_or_default()
}

/// A control id as one path segment.
fn encode_segment(id: &str) -> String {
    js_sys::encode_uri_component(id).into()
}
