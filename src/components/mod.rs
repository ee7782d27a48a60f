//! Components shared by every page.

pub mod bulk_run;
pub mod condition_builder;
pub mod condition_test;
pub mod editor;
pub mod explain;
pub mod feedback;
pub mod history;
pub mod impact_panel;
pub mod inputs;
pub mod kept;
pub mod ordered_list;
pub mod route_target;
pub mod shell;
pub mod sidebar;
pub mod sign_in;
pub mod states;
