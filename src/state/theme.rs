//! Light and dark themes: follows the OS until the user picks one, and
//! remembers the pick in localStorage.

use leptos::prelude::*;

const STORAGE_KEY: &str = "secure-score.theme";

/// A colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value of the root's `data-theme` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The other theme.
    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The theme to start with: `preferred` (e.g. a host's `data-theme`), else
/// the user's saved pick, else the OS preference.
pub fn initial_theme(preferred: Option<&str>) -> Theme {
    preferred
        .and_then(Theme::parse)
        .or_else(|| saved().as_deref().and_then(Theme::parse))
        .unwrap_or_else(os_theme)
}

/// Remembers the user's pick.
pub fn save(theme: Theme) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, theme.name());
    }
}

fn saved() -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()
}

fn os_theme() -> Theme {
    let dark = window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}
