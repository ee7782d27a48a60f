//! Components shared by every page.

pub mod shell;
pub mod sidebar;
