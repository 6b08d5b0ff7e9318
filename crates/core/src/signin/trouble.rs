//! Why signing in or getting a token failed, and what the admin does about
//! it. Branches on MSAL's error code and Entra's AADSTS number (MSAL's
//! `errorNo`), never on message text. Pure: tested natively.

use serde::Deserialize;

/// What the sign-in glue reports when MSAL (or loading it) fails.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AuthFailure {
    /// MSAL's `errorCode` (`user_cancelled`, `consent_required`, …), or
    /// `load_failed` when the library could not be loaded.
    pub code: String,
    /// Entra's AADSTS number (`65001`), when the server sent one.
    pub number: String,
    pub message: String,
}

impl AuthFailure {
    /// A failure of our own making (no Entra number).
    pub fn new(code: &str, message: impl Into<String>) -> AuthFailure {
        AuthFailure {
            code: code.to_string(),
            message: message.into(),
            ..AuthFailure::default()
        }
    }
}

/// A failure, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trouble {
    /// The browser blocked the popup: offer the redirect flow.
    PopupBlocked,
    /// The popup was closed before sign-in finished, or did not finish in time.
    Cancelled,
    /// The tenant has not consented to the permission (AADSTS65001, 90094).
    ConsentRequired,
    /// The redirect URI is not under the Single-page application platform.
    WrongPlatform,
    /// The redirect URI is not registered (AADSTS50011).
    RedirectMismatch,
    /// No app registration with this client id (AADSTS700016).
    UnknownClient,
    /// A personal Microsoft account (AADSTS500200).
    PersonalAccount,
    /// A user of another tenant under a single-tenant authority (AADSTS50020).
    OtherTenant,
    /// Entra (or the network) could not be reached.
    Network,
    /// Another sign-in is under way (another tab or window).
    InProgress,
    /// The session ended: silent renewal needs the admin to sign in again.
    SignInAgain,
    /// The sign-in library could not be loaded.
    Unavailable(String),
    Other(AuthFailure),
}

impl Trouble {
    pub fn of(failure: &AuthFailure) -> Trouble {
        match failure.number.trim() {
            "65001" | "65004" | "90094" | "90095" => return Trouble::ConsentRequired,
            "9002326" | "9002327" => return Trouble::WrongPlatform,
            "50011" => return Trouble::RedirectMismatch,
            "700016" => return Trouble::UnknownClient,
            "500200" => return Trouble::PersonalAccount,
            "50020" => return Trouble::OtherTenant,
            _ => {}
        }
        match failure.code.as_str() {
            "popup_window_error" | "empty_window_error" => Trouble::PopupBlocked,
            "user_cancelled" | "timed_out" => Trouble::Cancelled,
            "consent_required" => Trouble::ConsentRequired,
            "no_network_connectivity"
            | "network_error"
            | "post_request_failed"
            | "get_request_failed"
            | "endpoints_resolution_error"
            | "failed_to_parse_response" => Trouble::Network,
            "interaction_in_progress" | "interaction_in_progress_cancelled" => Trouble::InProgress,
            "login_required"
            | "interaction_required"
            | "no_account_error"
            | "no_tokens_found"
            | "invalid_grant" => Trouble::SignInAgain,
            "load_failed" => Trouble::Unavailable(failure.message.clone()),
            _ => Trouble::Other(failure.clone()),
        }
    }

    /// A stable name for the `data-kind` of the message (tests, hosts).
    pub fn kind(&self) -> &'static str {
        match self {
            Trouble::PopupBlocked => "popup-blocked",
            Trouble::Cancelled => "cancelled",
            Trouble::ConsentRequired => "consent-required",
            Trouble::WrongPlatform => "wrong-platform",
            Trouble::RedirectMismatch => "redirect-mismatch",
            Trouble::UnknownClient => "unknown-client",
            Trouble::PersonalAccount => "personal-account",
            Trouble::OtherTenant => "other-tenant",
            Trouble::Network => "network",
            Trouble::InProgress => "in-progress",
            Trouble::SignInAgain => "sign-in-again",
            Trouble::Unavailable(_) => "unavailable",
            Trouble::Other(_) => "other",
        }
    }

    /// What happened and what to do. `redirect_uri` is the page Entra
    /// sends the answer to (it must be registered).
    pub fn message(&self, redirect_uri: &str) -> String {
        match self {
            Trouble::PopupBlocked => "Your browser blocked the sign-in window. Allow pop-ups for \
                this site and sign in again, or sign in with a full-page redirect instead (the \
                sign-in is then kept in this tab's session storage until you sign out or close \
                the tab)."
                .to_string(),
            Trouble::Cancelled => "The sign-in window was closed, or did not finish in time. \
                Sign in again. If that window showed an error with an AADSTS code, it names \
                what the app registration needs."
                .to_string(),
            Trouble::ConsentRequired => "Your organization has not yet granted Secure Score the \
                permission to read security data (SecurityEvents.Read.All: \"Need admin \
                approval\"). A Cloud Application Administrator, Application Administrator or \
                Global Administrator grants it once for the whole tenant, in the Entra admin \
                center (Enterprise applications, Secure Score, Permissions) or with the admin \
                consent link; then sign in again."
                .to_string(),
            Trouble::WrongPlatform => format!(
                "Microsoft Entra ID refused to give this page a token (AADSTS9002326): the app \
                 registration's redirect URI {redirect_uri} is not under the \"Single-page \
                 application\" platform. In the Entra admin center, open the app registration, \
                 Authentication, and add it as a Single-page application redirect URI."
            ),
            Trouble::RedirectMismatch => format!(
                "The sign-in page's address {redirect_uri} is not registered on the app \
                 registration (AADSTS50011): add it under Authentication as a Single-page \
                 application redirect URI."
            ),
            Trouble::UnknownClient => "Microsoft Entra ID does not know this app's client id \
                (AADSTS700016). Check clientId in config.json (or data-client-id), and that \
                the app registration is multi-tenant when admins of other tenants sign in."
                .to_string(),
            Trouble::PersonalAccount => "Personal Microsoft accounts (outlook.com, hotmail.com, \
                live.com) cannot read Secure Score: sign in with your work or school account."
                .to_string(),
            Trouble::OtherTenant => "This account does not belong to the tenant the app is \
                registered for (AADSTS50020). Sign in with an account of that tenant, or have \
                the app registered as multi-tenant (authority …/organizations)."
                .to_string(),
            Trouble::Network => "Microsoft's sign-in service could not be reached. Check the \
                network connection and sign in again; the data shown stays as it is."
                .to_string(),
            Trouble::InProgress => "A sign-in is already under way in another window or tab: \
                finish or close it, then sign in again."
                .to_string(),
            Trouble::SignInAgain => "Your sign-in has ended: sign in again to read fresh data. \
                The data shown stays as it is."
                .to_string(),
            Trouble::Unavailable(detail) => format!(
                "The sign-in library could not be loaded ({detail}). Check the connection and \
                 that this site's Content Security Policy allows its own scripts, then sign in \
                 again."
            ),
            Trouble::Other(failure) => {
                let code = [failure.code.as_str(), failure.number.as_str()]
                    .into_iter()
                    .filter(|c| !c.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(", AADSTS");
                format!(
                    "Signing in failed ({code}): {}. Sign in again; if it keeps failing, send \
                     this message to whoever manages the app registration.",
                    failure.message.trim()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: &str, number: &str) -> AuthFailure {
        AuthFailure {
            code: code.into(),
            number: number.into(),
            message: "AADSTS text that is never read".into(),
        }
    }

    #[test]
    fn entra_numbers_come_before_msal_codes() {
        let cases = [
            ("invalid_request", "65001", "consent-required"),
            ("access_denied", "90094", "consent-required"),
            ("invalid_request", "9002326", "wrong-platform"),
            ("invalid_request", "50011", "redirect-mismatch"),
            ("unauthorized_client", "700016", "unknown-client"),
            ("invalid_request", "500200", "personal-account"),
            ("invalid_request", "50020", "other-tenant"),
        ];
        for (code, number, kind) in cases {
            assert_eq!(Trouble::of(&failure(code, number)).kind(), kind, "{number}");
        }
    }

    #[test]
    fn msal_codes_classify_without_a_number() {
        let cases = [
            ("popup_window_error", "popup-blocked"),
            ("empty_window_error", "popup-blocked"),
            ("user_cancelled", "cancelled"),
            ("timed_out", "cancelled"),
            ("consent_required", "consent-required"),
            ("no_network_connectivity", "network"),
            ("post_request_failed", "network"),
            ("network_error", "network"),
            ("interaction_in_progress", "in-progress"),
            ("login_required", "sign-in-again"),
            ("interaction_required", "sign-in-again"),
            ("no_account_error", "sign-in-again"),
            ("load_failed", "unavailable"),
            ("state_mismatch", "other"),
        ];
        for (code, kind) in cases {
            assert_eq!(Trouble::of(&failure(code, "")).kind(), kind, "{code}");
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        let uri = "https://app.example/signin-redirect.html";
        assert!(Trouble::WrongPlatform.message(uri).contains(uri));
        assert!(Trouble::ConsentRequired
            .message(uri)
            .contains("Cloud Application Administrator"));
        assert!(Trouble::PopupBlocked.message(uri).contains("redirect"));
        let other = Trouble::of(&AuthFailure {
            code: "server_error".into(),
            number: "12345".into(),
            message: " went wrong ".into(),
        });
        assert_eq!(
            other.message(uri),
            "Signing in failed (server_error, AADSTS12345): went wrong. Sign in again; if it \
             keeps failing, send this message to whoever manages the app registration."
        );
    }
}
