//! A file's bytes, or an endpoint's pages, to what the importers take: its
//! format and its content. Microsoft Graph secureScores as Graph sends them
//! are read straight from the text (several times faster); every other file,
//! and every file that fast path gives up on, is parsed to a JSON value and
//! its format detected, for the lenient readers and their messages.
//! [`import_graph`] is Graph's import from the bytes of its files.

use serde_json::Value;

use crate::engine::detect::{detect, Format};
use crate::engine::error::ImportError;
use crate::engine::graph::{self, next_link, read_page, read_scores, GraphData, GraphScore};
use crate::engine::json::{decode, parse_bytes, parse_document, parse_text, Document};
use crate::engine::model::TenantHistory;

/// What a file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// Microsoft Graph secureScores, already read: what
    /// [`parse_graph`](crate::engine::graph::parse_graph) reads from the
    /// file's value, without any warning.
    GraphScores(Vec<GraphScore>),
    /// The file's JSON value and the format detected in it.
    Json {
        value: Value,
        format: Format,
        /// What had to be repaired to read it (trailing commas), as
        /// warnings.
        repairs: Vec<String>,
    },
}

impl Content {
    /// The format of the file.
    pub fn format(&self) -> Format {
        match self {
            Content::GraphScores(_) => Format::GraphScores,
            Content::Json { format, .. } => *format,
        }
    }
}

/// Reads a file's bytes. Fails as [`parse_bytes`](crate::engine::json::parse_bytes)
/// and then [`detect`] do, with the same errors, except that trailing
/// commas are ignored with a warning (documentation examples have them).
pub fn read(bytes: &[u8]) -> Result<Content, ImportError> {
    let text = decode(bytes)?;
    if let Some(scores) = read_scores(text) {
        return Ok(Content::GraphScores(scores));
    }
    let Document { value, repairs } = parse_document(text)?;
    let format = detect(&value)?;
    Ok(Content::Json {
        value,
        format,
        repairs,
    })
}

/// [`graph::import`] from the bytes of the files, as the app reads them: the
/// secureScores straight from the text when they come as Graph sends them
/// (see [`read`]), trailing commas ignored with a warning. The same
/// history, or the same error (the secureScores file's first).
pub fn import_graph(scores: &[u8], profiles: Option<&[u8]>) -> Result<TenantHistory, ImportError> {
    let scores = match read(scores)? {
        Content::GraphScores(scores) => GraphData {
            scores,
            ..GraphData::default()
        },
        Content::Json {
            value,
            format,
            repairs,
        } => {
            graph::expect(format, Format::GraphScores)?;
            let mut data = graph::parse_graph(&value)?;
            data.warnings.splice(0..0, repairs);
            data
        }
    };
    let profiles = profiles.map(parse_bytes).transpose()?;
    graph::with_profiles(scores, profiles.as_ref())
}

/// The pages of one endpoint's answer, joined into one input as they come.
/// While every page is Graph secureScores read straight from the text,
/// their scores join up (what reading the array of the pages' values
/// gives); from the first page that is not, the input is that array, and
/// the earlier pages are parsed again to their values.
#[derive(Default)]
pub struct Pages {
    /// The scores of the pages read straight so far, and their bytes.
    scores: Vec<GraphScore>,
    bytes: Vec<Vec<u8>>,
    /// The pages' values, once a page was not read straight.
    values: Vec<Value>,
    /// The format detected in the first page.
    format: Option<Format>,
}

impl Pages {
    /// Adds the next page and returns its link to the page after it
    /// ([`next_link`]). Fails as [`read`] does, with the same errors.
    pub fn add(&mut self, bytes: Vec<u8>) -> Result<Option<String>, ImportError> {
        let text = decode(&bytes)?;
        if self.values.is_empty() {
            if let Some((scores, link)) = read_page(text) {
                self.scores.extend(scores);
                self.bytes.push(bytes);
                self.format.get_or_insert(Format::GraphScores);
                return Ok(link);
            }
            self.scores.clear();
            for earlier in std::mem::take(&mut self.bytes) {
                self.values.push(parse_text(decode(&earlier)?)?);
            }
        }
        let value = parse_text(text)?;
        let format = detect(&value)?;
        self.format.get_or_insert(format);
        let link = next_link(&value);
        self.values.push(value);
        Ok(link)
    }

    /// How many pages were added.
    pub fn len(&self) -> usize {
        self.bytes.len() + self.values.len()
    }

    /// Whether no page was added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The pages as one input: the scores of pages all read straight, else
    /// the one page's value or the array of the pages' values, in the
    /// format of the first.
    pub fn into_content(mut self) -> Content {
        if !self.bytes.is_empty() {
            return Content::GraphScores(self.scores);
        }
        let format = self.format.unwrap_or(Format::GraphScores);
        let value = match self.values.len() {
            1 => self.values.pop().unwrap_or(Value::Null),
            _ => Value::Array(self.values),
        };
        Content::Json {
            value,
            format,
            repairs: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::graph::parse_graph;
    use serde_json::json;

    const REAL: &str = include_str!("../../../../tests/fixtures/graph-real/secureScore.json");
    const POWERSHELL: &str =
        include_str!("../../../../tests/fixtures/graph-powershell/secureScores.json");

    fn page(link: Option<&str>) -> Value {
        let mut page: Value = serde_json::from_str(REAL).unwrap();
        if let Some(link) = link {
            page["@odata.nextLink"] = json!(link);
        }
        page
    }

    fn add(pages: &mut Pages, value: &Value) -> Option<String> {
        pages.add(value.to_string().into_bytes()).unwrap()
    }

    #[test]
    fn secure_score_pages_join_as_the_array_of_their_values_reads() {
        let (first, second) = (page(Some("https://graph/next")), page(None));
        let mut pages = Pages::default();
        assert_eq!(
            add(&mut pages, &first),
            Some("https://graph/next".to_string())
        );
        assert_eq!(add(&mut pages, &second), None);
        assert_eq!(pages.len(), 2);
        let Content::GraphScores(scores) = pages.into_content() else {
            panic!("expected the scores read straight");
        };
        let lenient = parse_graph(&json!([first, second])).unwrap().scores;
        assert_eq!(scores.len(), 2);
        assert_eq!(scores, lenient);
    }

    #[test]
    fn a_page_not_read_straight_makes_the_input_the_array_of_values() {
        let first = page(Some("https://graph/next"));
        let second: Value = serde_json::from_str(POWERSHELL).unwrap();
        let mut pages = Pages::default();
        add(&mut pages, &first);
        assert_eq!(add(&mut pages, &second), None);
        assert_eq!(
            pages.into_content(),
            Content::Json {
                value: json!([first, second]),
                format: Format::GraphScores,
                repairs: Vec::new()
            }
        );
    }

    #[test]
    fn links_read_straight_are_those_of_the_value() {
        let blank = page(Some("  "));
        let number = {
            let mut page = page(None);
            page["@odata.nextLink"] = json!(5);
            page
        };
        let array = json!([page(Some("https://graph/in-array"))]);
        for value in [
            page(Some("https://graph/next")),
            page(None),
            blank,
            number,
            array,
        ] {
            let mut pages = Pages::default();
            assert_eq!(add(&mut pages, &value), next_link(&value), "{value}");
        }
        let mut text = page(None).to_string();
        text.insert_str(
            1,
            r#""@odata.nextLink": "https://a", "@odata.nextLink": "https://b","#,
        );
        let mut pages = Pages::default();
        assert_eq!(
            pages.add(text.into_bytes()),
            Ok(Some("https://b".to_string()))
        );
    }

    #[test]
    fn one_page_of_another_format_is_its_value() {
        let profiles = json!({"value": [{"id": "MFA", "maxScore": 10, "title": "MFA"}]});
        let mut pages = Pages::default();
        add(&mut pages, &profiles);
        assert_eq!(
            pages.into_content(),
            Content::Json {
                value: profiles,
                format: Format::GraphProfiles,
                repairs: Vec::new()
            }
        );
    }
}
