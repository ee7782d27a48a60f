//! Bulk preview: where many conversations would go, counted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Outcome;

/// Counts over many outcomes. Keys are ids (`department:d1`, trigger ids,
/// policy ids, agent ids); `none` counts those without one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub total: u64,
    pub junk: u64,
    pub rejected: u64,
    /// `department:ID` / `agent:ID` / `none` → conversations routed there.
    pub routed_to: BTreeMap<String, u64>,
    /// Custom rule id → conversations it decided; `fallback` for the rest.
    pub routed_by: BTreeMap<String, u64>,
    /// Trigger id → conversations it fired on.
    pub triggers_fired: BTreeMap<String, u64>,
    /// SLA policy id → conversations it applies to; `none` for none.
    pub sla_policies: BTreeMap<String, u64>,
    /// Agent id → conversations allocated; `unassigned` when nobody was eligible.
    pub allocated_to: BTreeMap<String, u64>,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        self.add_digest(&super::impact::Digest::of(o));
    }
}
