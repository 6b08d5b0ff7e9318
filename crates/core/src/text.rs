//! Counting things for people, the one home of plurals: "1 day", "3 days",
//! "1 status", "3 statuses" (messages, the report and the pages alike).

/// `1 item`, `3 items`: a noun whose plural takes an "s".
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `1 status`, `3 statuses`: a noun with its own plural.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The verb after a count: "is" for one, "are" for others.
pub fn is_are(count: usize) -> &'static str {
    if count == 1 {
        "is"
    } else {
        "are"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(plural(1, "day"), "1 day");
        assert_eq!(plural(0, "day"), "0 days");
        assert_eq!(plural(3, "day"), "3 days");
        assert_eq!(counted(1, "status", "statuses"), "1 status");
        assert_eq!(counted(2, "status", "statuses"), "2 statuses");
        assert_eq!(
            format!("{} {}", plural(1, "action"), is_are(1)),
            "1 action is"
        );
        assert_eq!(
            format!("{} {}", plural(4, "action"), is_are(4)),
            "4 actions are"
        );
    }
}
