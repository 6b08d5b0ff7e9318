//! One module per page of the app.

pub mod actions;
pub mod analyzer;
pub mod assessment;
pub mod data;
pub mod fleet;
pub mod overview;
