//! `api/v3/anytime/triggers` (contract §6).

use anytime_core::Trigger;

use super::{ordered, Enabled, Routes, Sorted};

pub fn router() -> Routes {
    ordered::<Trigger>("triggers", "trigger", Enabled::NoContent, Sorted::List)
}
