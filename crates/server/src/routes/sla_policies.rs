//! `api/v2/anytime/SLAPolicies` and the same under v3 (contract §7).

use anytime_core::SlaPolicy;

use super::{ordered, Enabled, Routes, Sorted};

pub fn router() -> Routes {
    ordered::<SlaPolicy>("SLAPolicies", "SLA policy", Enabled::Object, Sorted::List)
}
