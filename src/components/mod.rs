//! Reusable view pieces shared by several pages.

pub mod rich_text;
