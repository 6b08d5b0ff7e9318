//! Reusable view pieces shared by several pages.

pub mod admin_required;
pub mod category_bars;
pub mod choice;
pub mod csv;
pub mod format;
pub mod gauge;
pub mod help_link;
pub mod no_data;
pub mod rich_text;
pub mod score_card;
pub mod sign_in;
pub mod stale;
pub mod table_scroll;
