//! What a lenient read left out, for its warnings. An optional part that
//! cannot be used (Graph's `-1` comparison averages, a description that is
//! not text, ...) is skipped and the rest of its record kept; a record
//! without what the score needs (its date, its scores, its control names)
//! is skipped whole and the other records kept. Each becomes one warning
//! per field, naming the records it happened on.

use crate::engine::error::ImportError;
use crate::engine::json::Node;
use crate::engine::sort::sort;
use crate::text::{is_are, plural};

/// How many records a warning names before "and N more".
const PLACES_SHOWN: usize = 5;

/// Parts and records left out while reading one kind of record.
#[derive(Debug, Default)]
pub(super) struct Skipped {
    /// Optional parts: the field, the record it is on (a date, an id), and
    /// why.
    parts: Vec<(String, String, ImportError)>,
    /// Records left out, and why.
    records: Vec<ImportError>,
}

impl Skipped {
    /// Reads the optional field `key` of `node`; when it is there but
    /// cannot be read, notes it as skipped on `record` and gives `None`.
    pub(super) fn optional<'a, T>(
        &mut self,
        node: &Node<'a>,
        key: &str,
        record: &str,
        read: impl FnOnce(&Node<'a>) -> Result<T, ImportError>,
    ) -> Option<T> {
        self.read_or_skip(node, key, || key.to_string(), record, read)
    }

    /// [`optional`](Self::optional) for a field of an entry of the list
    /// `list`, which warnings call `list.key` ("controlScores.description").
    pub(super) fn optional_in<'a, T>(
        &mut self,
        list: &str,
        node: &Node<'a>,
        key: &str,
        record: &str,
        read: impl FnOnce(&Node<'a>) -> Result<T, ImportError>,
    ) -> Option<T> {
        self.read_or_skip(node, key, || format!("{list}.{key}"), record, read)
    }

    /// Reads `key`, or notes the part `named` as skipped on `record`.
    fn read_or_skip<'a, T>(
        &mut self,
        node: &Node<'a>,
        key: &str,
        named: impl FnOnce() -> String,
        record: &str,
        read: impl FnOnce(&Node<'a>) -> Result<T, ImportError>,
    ) -> Option<T> {
        node.optional(key, read).unwrap_or_else(|error| {
            self.part(&named(), record, error);
            None
        })
    }

    /// Notes that `field` of `record` was skipped, and why.
    pub(super) fn part(&mut self, field: &str, record: &str, error: ImportError) {
        self.parts
            .push((field.to_string(), record.to_string(), error));
    }

    /// Keeps the result of reading one record: the parts it skipped when it
    /// could be read, else its error.
    pub(super) fn record<T>(&mut self, read: Result<T, ImportError>, parts: Skipped) -> Option<T> {
        match read {
            Ok(record) => {
                self.parts.extend(parts.parts);
                Some(record)
            }
            Err(error) => {
                self.records.push(error);
                None
            }
        }
    }

    /// Why the first record left out was, if any.
    pub(super) fn first_record_error(&self) -> Option<&ImportError> {
        self.records.first()
    }

    /// One warning per field skipped ("averageComparativeScores skipped on
    /// 3 days (2026-11-01, ...): why"), then one for the records left out.
    /// `part_noun` names the records of parts ("day"), `record_noun` the
    /// records left out ("secure score"); `kept` records were read.
    pub(super) fn warnings(&self, part_noun: &str, record_noun: &str, kept: usize) -> Vec<String> {
        let mut fields: Vec<&str> = Vec::new();
        for (field, _, _) in &self.parts {
            if !fields.contains(&field.as_str()) {
                fields.push(field);
            }
        }
        let mut warnings: Vec<String> = fields
            .into_iter()
            .filter_map(|field| self.field_warning(field, part_noun))
            .collect();
        if let Some(first) = self.records.first() {
            let count = self.records.len();
            warnings.push(format!(
                "{} could not be read and {} left out (the first: {first}); {} {} \
                 imported.",
                plural(count, record_noun),
                if count == 1 { "was" } else { "were" },
                plural(kept, &format!("other {record_noun}")),
                is_are(kept),
            ));
        }
        warnings
    }

    /// The warning of one field: on which records, and the first reason.
    fn field_warning(&self, field: &str, noun: &str) -> Option<String> {
        let of_field = || self.parts.iter().filter(|(f, _, _)| f == field);
        let (_, _, first) = of_field().next()?;
        let mut records: Vec<&str> = of_field().map(|(_, record, _)| record.as_str()).collect();
        sort(&mut records);
        records.dedup();
        let mut shown = records
            .iter()
            .take(PLACES_SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if records.len() > PLACES_SHOWN {
            shown.push_str(&format!(
                " and {} more",
                records.len().saturating_sub(PLACES_SHOWN)
            ));
        }
        Some(format!(
            "{field} skipped on {} ({shown}): {first}.",
            plural(records.len(), noun)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(path: &str) -> ImportError {
        ImportError::new(path, "expected zero or more, found the negative number -1")
    }

    #[test]
    fn one_warning_per_field_naming_its_records_in_order() {
        let mut skipped = Skipped::default();
        for (index, day) in ["2026-11-07", "2026-11-01", "2026-11-03", "2026-11-01"]
            .iter()
            .enumerate()
        {
            let path = format!("value[{index}].averageComparativeScores[0].averageScore");
            skipped.part("averageComparativeScores", day, error(&path));
        }
        skipped.part("controlScores.description", "2026-11-02", error("d"));
        assert_eq!(
            skipped.warnings("day", "secure score", 4),
            [
                "averageComparativeScores skipped on 3 days (2026-11-01, 2026-11-03, \
                 2026-11-07): value[0].averageComparativeScores[0].averageScore: expected \
                 zero or more, found the negative number -1.",
                "controlScores.description skipped on 1 day (2026-11-02): d: expected zero \
                 or more, found the negative number -1."
            ]
        );
    }

    #[test]
    fn records_left_out_keep_none_of_their_parts() {
        let mut skipped = Skipped::default();
        let mut parts = Skipped::default();
        parts.part("id", "2026-11-01", error("id"));
        assert_eq!(
            skipped.record::<()>(Err(error("value[1].score")), parts),
            None
        );
        let mut parts = Skipped::default();
        parts.part("id", "2026-11-02", error("value[2].id"));
        assert_eq!(skipped.record(Ok(7), parts), Some(7));
        assert_eq!(
            skipped.warnings("day", "secure score", 1),
            [
                "id skipped on 1 day (2026-11-02): value[2].id: expected zero or more, found \
                 the negative number -1.",
                "1 secure score could not be read and was left out (the first: \
                 value[1].score: expected zero or more, found the negative number -1); 1 other \
                 secure score is imported."
            ]
        );
        assert_eq!(
            skipped.first_record_error().map(|e| e.path.as_str()),
            Some("value[1].score")
        );
        let many: Vec<String> = (1..=7).map(|day| format!("2026-11-0{day}")).collect();
        let mut skipped = Skipped::default();
        for day in &many {
            skipped.part("on", day, error("x"));
        }
        assert!(skipped.warnings("day", "secure score", 7)[0]
            .starts_with("on skipped on 7 days (2026-11-01, 2026-11-02, 2026-11-03, 2026-11-04, 2026-11-05 and 2 more): "));
    }
}
