//! Bulk preview: where many conversations would go, counted.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::blocked::Verdict;
use super::Brief;

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

/// A summary being counted from briefs. Their ids borrow from one
/// evaluator, so each is counted by its address — a pointer compare, no
/// string compare or copy per conversation; equal ids at two addresses
/// (duplicate ids, the words `none` or `fallback`) are merged when the
/// counts are added to a [`Summary`].
#[derive(Debug, Default)]
pub struct Counter<'e> {
    total: u64,
    junk: u64,
    rejected: u64,
    routed_to: Keyed<'e>,
    routed_by: Keyed<'e>,
    triggers_fired: Keyed<'e>,
    sla_policies: Keyed<'e>,
    allocated_to: Keyed<'e>,
}

#[derive(Debug, Default)]
struct Keyed<'e>(FxHashMap<(usize, usize), (&'e str, u64)>);

impl<'e> Keyed<'e> {
    fn bump(&mut self, key: Option<&'e str>) {
        if let Some(k) = key {
            self.0.entry((k.as_ptr() as usize, k.len())).or_insert((k, 0)).1 += 1;
        }
    }

    fn add_to(self, map: &mut BTreeMap<String, u64>) {
        for (key, n) in self.0.into_values() {
            match map.get_mut(key) {
                Some(total) => *total += n,
                None => {
                    map.insert(key.to_owned(), n);
                }
            }
        }
    }
}

impl<'e> Counter<'e> {
    pub fn add(&mut self, b: &Brief<'e>) {
        self.total += 1;
        match b.blocked {
            Verdict::Junk => self.junk += 1,
            Verdict::Rejected => self.rejected += 1,
            Verdict::Allowed => {}
        }
        self.routed_to.bump(b.routed_to);
        self.routed_by.bump(b.routed_by);
        for &t in &b.triggers {
            self.triggers_fired.bump(Some(t));
        }
        self.sla_policies.bump(b.sla_policy);
        self.allocated_to.bump(b.allocated_to);
    }

    /// Adds these counts to `summary` (a bulk run counts in slices).
    pub fn add_to(self, summary: &mut Summary) {
        summary.total += self.total;
        summary.junk += self.junk;
        summary.rejected += self.rejected;
        self.routed_to.add_to(&mut summary.routed_to);
        self.routed_by.add_to(&mut summary.routed_by);
        self.triggers_fired.add_to(&mut summary.triggers_fired);
        self.sla_policies.add_to(&mut summary.sla_policies);
        self.allocated_to.add_to(&mut summary.allocated_to);
    }
}
