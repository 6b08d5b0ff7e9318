//! Tokens for permissions beyond reading the score (saving a status,
//! assessing settings): asked for only when the admin starts that work,
//! silently where the tenant consented already, else through MSAL's window
//! (incremental consent).

use leptos::prelude::*;

use super::session::SignIn;
use super::trouble::Trouble;
use super::{glue, redirect_uri, Account};

impl SignIn {
    /// True when this instance (not a host page) has an account signed in
    /// to `tenant`, which can be asked for more permissions.
    pub fn can_ask(&self, tenant: &str) -> bool {
        !self.hosted.get()
            && self.accounts.with(|all| {
                all.iter()
                    .any(|a| a.tenant.eq_ignore_ascii_case(tenant.trim()))
            })
    }

    /// The account signed in to `tenant`.
    pub fn account_of(&self, tenant: &str) -> Option<Account> {
        self.accounts.with_untracked(|all| {
            all.iter()
                .find(|a| a.tenant.eq_ignore_ascii_case(tenant.trim()))
                .cloned()
        })
    }
}

/// A token with `scopes` for `account`: silently when MSAL has one or can
/// renew it, else through the consent window (once). The error says what
/// to do.
pub async fn consented_token(
    account: &Account,
    scopes: &[String],
    force: bool,
) -> Result<String, String> {
    if let Ok(token) = glue::token(&account.id, scopes, force).await {
        return Ok(token);
    }
    glue::sign_in(&glue::Request {
        scopes,
        login_hint: Some(account.username.clone()),
        ..glue::Request::default()
    })
    .await
    .map_err(|failure| match Trouble::of(&failure) {
        Trouble::ConsentRequired => format!(
            "Your organization has not granted Secure Score {}: a Cloud Application \
             Administrator or Global Administrator grants it in the Entra admin center \
             (Enterprise applications, Secure Score, Permissions).",
            scopes
                .iter()
                .map(|s| s.rsplit('/').next().unwrap_or(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        trouble => trouble.message(&redirect_uri()),
    })?;
    glue::token(&account.id, scopes, false)
        .await
        .map_err(|failure| Trouble::of(&failure).message(&redirect_uri()))
}
