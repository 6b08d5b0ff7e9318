//! Sign-in settings: `signIn` in `config.json`, or the `data-*` attributes
//! of an embedding mount element. Pure: parsed and checked natively.
//!
//! ```json
//! "signIn": {"clientId": "…", "authority": "https://login.microsoftonline.com/organizations",
//!            "graph": "https://graph.microsoft.com",
//!            "scopes": ["https://graph.microsoft.com/SecurityEvents.Read.All"]}
//! ```

use serde_json::Value;

/// Microsoft Entra ID's sign-in hosts (public and national clouds). Any
/// other host is a generic OpenID Connect provider.
const ENTRA_HOSTS: [&str; 6] = [
    "login.microsoftonline.com",
    "login.microsoft.com",
    "login.windows.net",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
];
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com/organizations";
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";
/// The least-privileged delegated permission that reads Secure Score.
pub const READ_SCOPE: &str = "SecurityEvents.Read.All";
/// The delegated permission that updates an action's state; asked for only
/// when an admin saves a status to Microsoft 365 (incremental consent).
pub const WRITE_SCOPE: &str = "SecurityEvents.ReadWrite.All";
/// How many days of secureScores to ask Graph for.
pub const DAYS: u32 = 90;
/// How long a sign-in window may take (MSAL's default): MSAL cannot see the
/// window being closed (Entra's Cross-Origin-Opener-Policy hides it), so
/// this is also how long a closed window takes to be noticed.
pub const POPUP_TIMEOUT_MS: u32 = 60_000;

/// How the app signs admins in and where it reads Graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInConfig {
    /// The app registration's client id; empty when a host's token
    /// provider signs in instead.
    pub client_id: String,
    pub authority: String,
    /// Graph's base URL, without a trailing slash.
    pub graph: String,
    pub scopes: Vec<String>,
    /// How long a sign-in window may take (`popupTimeoutMs`).
    pub popup_timeout_ms: u32,
}

impl SignInConfig {
    /// `config.json`'s `signIn` value. `Ok(None)` when absent or null.
    pub fn from_json(value: Option<&Value>) -> Result<Option<SignInConfig>, String> {
        let object = match value {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Object(object)) => object,
            Some(_) => return Err("expected an object with clientId, or null".to_string()),
        };
        let text = |key: &str| -> Result<Option<String>, String> {
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("{key}: expected text")),
            }
        };
        let scopes = match object.get("scopes") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|s| s.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or("scopes: expected a list of texts")?,
            ),
            Some(_) => return Err("scopes: expected a list of texts".to_string()),
        };
        let client_id = text("clientId")?.unwrap_or_default();
        if client_id.trim().is_empty() {
            return Err("clientId: the app registration's client id is missing".to_string());
        }
        let timeout = match object.get("popupTimeoutMs") {
            None | Some(Value::Null) => POPUP_TIMEOUT_MS,
            Some(value) => value
                .as_u64()
                .filter(|ms| (1_000..=600_000).contains(ms))
                .ok_or("popupTimeoutMs: expected milliseconds from 1000 to 600000")?
                as u32,
        };
        let mut config = SignInConfig::build(
            &client_id,
            text("authority")?.as_deref(),
            text("graph")?.as_deref(),
            scopes,
        )?;
        config.popup_timeout_ms = timeout;
        Ok(Some(config))
    }

    /// The mount element's attributes: `data-client-id`, `data-authority`,
    /// `data-graph`, `data-scopes` (space-separated). `with_provider`: the
    /// host hands a token provider, so no client id is needed.
    pub fn from_attributes(
        attr: impl Fn(&str) -> Option<String>,
        with_provider: bool,
    ) -> Result<Option<SignInConfig>, String> {
        let client_id = attr("data-client-id").unwrap_or_default();
        if client_id.trim().is_empty() && !with_provider {
            return Ok(None);
        }
        let scopes = attr("data-scopes").map(|s| s.split_whitespace().map(String::from).collect());
        SignInConfig::build(
            &client_id,
            attr("data-authority").as_deref(),
            attr("data-graph").as_deref(),
            scopes,
        )
        .map(Some)
    }

    fn build(
        client_id: &str,
        authority: Option<&str>,
        graph: Option<&str>,
        scopes: Option<Vec<String>>,
    ) -> Result<SignInConfig, String> {
        let authority = authority.map_or(DEFAULT_AUTHORITY, str::trim);
        if host_of(authority).is_none() || !authority.starts_with("https://") {
            return Err(format!(
                "authority: expected an https URL such as {DEFAULT_AUTHORITY}, found \"{authority}\""
            ));
        }
        let graph = graph.map_or(DEFAULT_GRAPH, str::trim).trim_end_matches('/');
        if host_of(graph).is_none() {
            return Err(format!(
                "graph: expected an http(s) URL such as {DEFAULT_GRAPH}, found \"{graph}\""
            ));
        }
        let scopes: Vec<String> = scopes
            .unwrap_or_else(|| vec![format!("{DEFAULT_GRAPH}/{READ_SCOPE}")])
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if scopes.is_empty() {
            return Err(format!("scopes: name at least {READ_SCOPE}"));
        }
        Ok(SignInConfig {
            client_id: client_id.trim().to_string(),
            authority: authority.to_string(),
            graph: graph.to_string(),
            scopes,
            popup_timeout_ms: POPUP_TIMEOUT_MS,
        })
    }

    /// `host:port` of a generic OpenID Connect authority (MSAL's known
    /// authority), `None` for Microsoft Entra ID.
    pub fn oidc_authority(&self) -> Option<String> {
        let host = host_of(&self.authority)?;
        let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
        (!ENTRA_HOSTS.iter().any(|h| name.eq_ignore_ascii_case(h))).then(|| host.to_string())
    }

    /// The scopes that let a signed-in admin change an action's state
    /// (`PATCH secureScoreControlProfiles`), asked for only when saving.
    pub fn write_scopes(&self) -> Vec<String> {
        self.scopes_for(&[WRITE_SCOPE])
    }

    /// Delegated permissions by name (`Policy.Read.All`) as scopes of the
    /// resource the read scope names (Graph's, or a national cloud's);
    /// `https://graph.microsoft.com` when no scope names one.
    pub fn scopes_for(&self, names: &[&str]) -> Vec<String> {
        let resource = self
            .scopes
            .iter()
            .filter_map(|s| s.rsplit_once('/'))
            .find(|(_, name)| name.eq_ignore_ascii_case(READ_SCOPE))
            .map_or("https://graph.microsoft.com", |(resource, _)| resource);
        names
            .iter()
            .map(|name| format!("{resource}/{name}"))
            .collect()
    }

    /// Where the last `DAYS` days of secureScores are read (the control
    /// profiles and the organization are read beside it).
    pub fn scores_url(&self) -> String {
        format!("{}/v1.0/security/secureScores?$top={DAYS}", self.graph)
    }

    /// The link an admin who can grant consent (a Cloud Application
    /// Administrator) opens once for the tenant; `None` for a generic provider.
    pub fn admin_consent_url(&self, tenant: &str, redirect_uri: &str) -> Option<String> {
        if self.oidc_authority().is_some() || self.client_id.is_empty() {
            return None;
        }
        let base = self.authority.trim_end_matches('/');
        let (origin, _) = base.rsplit_once('/')?;
        let tenant = if tenant.trim().is_empty() {
            "organizations"
        } else {
            tenant.trim()
        };
        Some(format!(
            "{origin}/{tenant}/adminconsent?client_id={}&redirect_uri={}",
            encode(&self.client_id),
            encode(redirect_uri)
        ))
    }
}

/// `host[:port]` of an http(s) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains(['@', ' '])).then_some(host)
}

/// Percent-encodes a query parameter's value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_fill_what_config_json_leaves_out() {
        let config = SignInConfig::from_json(Some(&json!({"clientId": " abc "})))
            .unwrap()
            .unwrap();
        assert_eq!(config.client_id, "abc");
        assert_eq!(config.authority, DEFAULT_AUTHORITY);
        assert_eq!(config.graph, DEFAULT_GRAPH);
        assert_eq!(
            config.scopes,
            ["https://graph.microsoft.com/SecurityEvents.Read.All"]
        );
        assert_eq!(config.oidc_authority(), None);
        assert_eq!(config.popup_timeout_ms, POPUP_TIMEOUT_MS);
        assert_eq!(
            config.scores_url(),
            "https://graph.microsoft.com/v1.0/security/secureScores?$top=90"
        );
    }

    #[test]
    fn writing_asks_for_read_write_on_the_same_resource_only() {
        let config = SignInConfig::from_json(Some(&json!({"clientId": "abc", "scopes": [
            "https://graph.microsoft.us/SecurityEvents.Read.All", "User.Read"
        ]})))
        .unwrap()
        .unwrap();
        assert_eq!(
            config.write_scopes(),
            ["https://graph.microsoft.us/SecurityEvents.ReadWrite.All"]
        );
        let bare =
            SignInConfig::from_json(Some(&json!({"clientId": "abc", "scopes": ["User.Read"]})))
                .unwrap()
                .unwrap();
        assert_eq!(
            bare.write_scopes(),
            ["https://graph.microsoft.com/SecurityEvents.ReadWrite.All"]
        );
    }

    #[test]
    fn absent_or_null_means_no_sign_in() {
        assert_eq!(SignInConfig::from_json(None), Ok(None));
        assert_eq!(SignInConfig::from_json(Some(&Value::Null)), Ok(None));
        assert_eq!(SignInConfig::from_attributes(|_| None, false), Ok(None));
    }

    #[test]
    fn bad_values_say_which_field() {
        let cases = [
            (json!("abc"), "expected an object"),
            (json!({}), "clientId"),
            (
                json!({"clientId": "a", "authority": "http://login.microsoftonline.com/x"}),
                "authority",
            ),
            (json!({"clientId": "a", "graph": "graph"}), "graph"),
            (json!({"clientId": "a", "scopes": "x"}), "scopes"),
            (json!({"clientId": "a", "scopes": [" "]}), "scopes"),
            (json!({"clientId": 5}), "clientId"),
            (
                json!({"clientId": "a", "popupTimeoutMs": 5}),
                "popupTimeoutMs",
            ),
        ];
        for (value, field) in cases {
            let error = SignInConfig::from_json(Some(&value)).unwrap_err();
            assert!(error.contains(field), "{value}: {error}");
        }
    }

    #[test]
    fn a_host_that_is_not_entra_is_a_generic_provider() {
        let config = SignInConfig::from_json(Some(&json!({
            "clientId": "a", "authority": "https://127.0.0.1:8443", "graph": "http://127.0.0.1:9000/"
        })))
        .unwrap()
        .unwrap();
        assert_eq!(config.oidc_authority().as_deref(), Some("127.0.0.1:8443"));
        assert_eq!(config.graph, "http://127.0.0.1:9000");
        for entra in [
            "https://login.microsoftonline.com/contoso.onmicrosoft.com",
            "https://login.microsoftonline.us/organizations",
            "https://LOGIN.microsoftonline.com:443/organizations",
        ] {
            let config =
                SignInConfig::from_json(Some(&json!({"clientId": "a", "authority": entra})))
                    .unwrap()
                    .unwrap();
            assert_eq!(config.oidc_authority(), None, "{entra}");
        }
    }

    #[test]
    fn attributes_configure_an_embedded_instance() {
        let attr = |name: &str| match name {
            "data-client-id" => Some("cid".to_string()),
            "data-scopes" => {
                Some("https://graph.microsoft.com/SecurityEvents.Read.All  User.Read".to_string())
            }
            _ => None,
        };
        let config = SignInConfig::from_attributes(attr, false).unwrap().unwrap();
        assert_eq!(config.client_id, "cid");
        assert_eq!(config.scopes.len(), 2);
        // A host's token provider needs no client id.
        let provided = SignInConfig::from_attributes(|_| None, true)
            .unwrap()
            .unwrap();
        assert_eq!(provided.client_id, "");
        assert_eq!(provided.graph, DEFAULT_GRAPH);
    }

    #[test]
    fn admin_consent_link_names_the_tenant_and_client() {
        let config = SignInConfig::from_json(Some(&json!({"clientId": "c id"})))
            .unwrap()
            .unwrap();
        assert_eq!(
            config
                .admin_consent_url("t-1", "https://app.example/signin.html")
                .as_deref(),
            Some(
                "https://login.microsoftonline.com/t-1/adminconsent?client_id=c%20id\
                 &redirect_uri=https%3A%2F%2Fapp.example%2Fsignin.html"
            )
        );
        assert!(config
            .admin_consent_url("", "x")
            .unwrap()
            .contains("/organizations/"));
    }
}
