//! The baseline catalog: the recommended controls that tenant snapshots are
//! measured against, with their points, services and how each is measured.
//!
//! The built-in catalog is `catalog.json`, compiled in; a user may load
//! another file of the same format (`"format": "secure-score/catalog"`,
//! documented in `docs/snapshot-format.md`).

mod measure;
mod read;

use serde_json::Value;

use crate::engine::error::ImportError;
use crate::engine::model::ControlInfo;

pub use measure::Measure;

/// The built-in catalog file.
const BUILTIN_JSON: &str = include_str!("catalog.json");

/// A validated catalog: unique non-empty ids, known categories and measure
/// kinds, positive points for scored controls. Controls are sorted by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    version: String,
    controls: Vec<Control>,
}

/// One recommended control: what the UI shows and how it is measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Control {
    pub info: ControlInfo,
    pub measure: Measure,
}

impl Catalog {
    /// The built-in catalog. Never panics: were the compiled-in file invalid
    /// (a test makes sure it is not), the catalog would be empty.
    pub fn builtin() -> Catalog {
        Catalog::from_json(BUILTIN_JSON).unwrap_or_default()
    }

    /// Reads and validates a catalog from JSON text; syntax errors name
    /// their line and column.
    pub fn from_json(text: &str) -> Result<Catalog, ImportError> {
        Catalog::from_value(&crate::engine::json::parse_text(text)?)
    }

    /// Reads and validates a catalog from a JSON value. Errors name the
    /// control: `controls[12] (id "X"): points must be positive, found -3`.
    pub fn from_value(value: &Value) -> Result<Catalog, ImportError> {
        read::catalog(value)
    }

    /// The catalog's own version, as its file writes it.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every control, sorted by id.
    pub fn controls(&self) -> &[Control] {
        &self.controls
    }

    /// The details of every control, sorted by id.
    pub fn info(&self) -> Vec<ControlInfo> {
        self.controls.iter().map(|c| c.info.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_loads() {
        let builtin = Catalog::builtin();
        assert_eq!(builtin.version(), "2026.11");
        assert_eq!(builtin.info().len(), builtin.controls().len());
        assert!(builtin.controls().len() >= 45);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let error = Catalog::from_json("{\n  \"format\": }").err();
        assert_eq!(
            error,
            Some(ImportError::new(
                "line 2, column 13",
                "expected a JSON value (text in double quotes, a number, an object or an array)"
            ))
        );
    }
}
