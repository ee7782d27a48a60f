//! Bulk preview: where many conversations would go, counted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::blocked::Verdict;
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

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        self.total += 1;
        match o.blocked.verdict {
            Verdict::Junk => self.junk += 1,
            Verdict::Rejected => self.rejected += 1,
            Verdict::Allowed => {}
        }
        if let Some(r) = &o.routing {
            match &r.target {
                Some(t) => bump(&mut self.routed_to, &format!("{}:{}", t.object, t.id)),
                None => bump(&mut self.routed_to, "none"),
            }
            match &r.rule_id {
                Some(id) => bump(&mut self.routed_by, id),
                None if r.status == super::RoutingStatus::Fallback => bump(&mut self.routed_by, "fallback"),
                None => {}
            }
        }
        for t in o.triggers.iter().filter(|t| t.fired) {
            bump(&mut self.triggers_fired, &t.id);
        }
        if let Some(s) = &o.sla {
            bump(&mut self.sla_policies, s.policy_id.as_deref().unwrap_or("none"));
        }
        if let Some(a) = &o.allocation {
            if let Some(id) = &a.agent_id {
                bump(&mut self.allocated_to, id);
            } else if a.status == super::allocation::AllocationStatus::NobodyEligible {
                bump(&mut self.allocated_to, "unassigned");
            }
        }
    }
}
