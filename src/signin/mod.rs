//! Signing admins in with Microsoft (Entra ID) and reading their tenant's
//! Secure Score from Microsoft Graph.
//!
//! - [`config`] and [`trouble`] are pure, the core crate's (built and tested
//!   natively): the settings, and what each failure means for the admin.
//! - `glue` loads `signin.js` and Microsoft's msal-browser beside it only
//!   when an admin signs in (or returns from a redirect), and calls them.
//! - `session` is an instance's signed-in state: accounts, the flows behind
//!   the buttons, and the token source the Graph fetch asks before each
//!   read ([`crate::sources::Bearer`]).
//! - `consent` asks for more permissions only when the admin starts the
//!   work that needs them; `write` saves an action's status to Microsoft
//!   365 with them.
//!
//! Graph itself decides who may read: the app never inspects a token, it
//! calls Graph and explains its answer (a 403 names the roles).

pub use secure_score_core::signin::{config, trouble};

#[cfg(target_arch = "wasm32")]
mod consent;
#[cfg(target_arch = "wasm32")]
mod glue;
#[cfg(target_arch = "wasm32")]
mod session;
#[cfg(target_arch = "wasm32")]
mod write;

#[cfg(target_arch = "wasm32")]
pub use consent::consented_token;
#[cfg(target_arch = "wasm32")]
pub use session::{redirect_uri, start, use_sign_in, HostProvider, SignIn};

use serde::Deserialize;

/// A signed-in account, as the glue reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Account {
    /// MSAL's home account id.
    pub id: String,
    /// The sign-in name (`admin@contoso.com`).
    pub username: String,
    pub name: String,
    /// The tenant id (the token's `tid`).
    pub tenant: String,
}
