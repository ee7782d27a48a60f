//! One file per page.

pub mod area;
pub mod home;
pub mod not_found;
