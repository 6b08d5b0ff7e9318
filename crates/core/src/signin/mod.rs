//! The pure parts of signing in with Microsoft, tested natively: the
//! settings ([`config`]) and what each failure means for the admin
//! ([`trouble`]). The sign-in itself (MSAL, the session) is the app's.

pub mod config;
pub mod trouble;
