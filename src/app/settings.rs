//! An instance's settings for its data sources, read once when the shell
//! creates it: the host's attributes when embedded, else the page address.

use crate::embed::Embed;
use crate::sources::config::{timeout_from, Configured, From, Settings};
use crate::sources::rest::absolute;
use crate::state::route::page_param;

/// The settings of the instance configured by `embed`.
pub fn source_settings(embed: &Embed) -> Settings {
    let (given, from) = if embed.embedded {
        (embed.source.clone(), From::Attribute)
    } else {
        (page_param("source"), From::Query)
    };
    let source = given.and_then(|url| {
        Some(Configured {
            url: absolute(&url, None)?,
            from,
        })
    });
    Settings {
        embedded: embed.embedded,
        source,
        tenant_name: embed.tenant_name.clone(),
        sign_in: embed.sign_in.clone(),
        timeout_ms: timeout_from(page_param("timeout").as_deref()),
    }
}
