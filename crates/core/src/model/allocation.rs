use serde::{Deserialize, Serialize};

use crate::wire;

string_enum! {
    /// Which agents are in the pool, by their status.
    pub enum AllocationTo {
        OnlineAgents = "onlineAgents",
        OnlineAndAwayAgents = "onlineAndAwayAgents",
    }
}

string_enum! {
    pub enum AllocationMethod {
        /// The eligible agent with the fewest open conversations.
        LoadBalancing = "loadBalancing",
        /// The next eligible agent after the last one allocated.
        RoundRobin = "roundRobin",
    }
}

/// How conversations of one department (or of all) are allocated.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationRule {
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub department_id: Option<String>,
    #[serde(default)]
    pub allocation_to: Option<AllocationTo>,
    #[serde(default)]
    pub allocation_rule: Option<AllocationMethod>,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub prefer_last_assignee: bool,
}

/// One agent's own limits.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentPreference {
    #[serde(default, deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub agent_id: String,
    #[serde(default, deserialize_with = "wire::opt_integer")]
    pub max_concurrent_count: Option<i64>,
    #[serde(default = "yes", deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub if_accept_allocation: bool,
}

fn yes() -> bool {
    true
}

/// Auto allocation settings (a singleton).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoAllocationSetting {
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub enable: bool,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_enabled_department: bool,
    #[serde(default, alias = "allocationRuleSettings", deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<AllocationRule>>"))]
    pub department_allocation_rule: Vec<AllocationRule>,
    #[serde(default)]
    pub default_allocation_rule: AllocationRule,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub set_max_number_for_each_agent: bool,
    #[serde(default, deserialize_with = "wire::opt_integer")]
    pub max_number_for_all_agents: Option<i64>,
    #[serde(default, alias = "allocationAgentPreferences", deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<AgentPreference>>"))]
    pub agent_preferences: Vec<AgentPreference>,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub exclude_pending_external: bool,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub exclude_on_hold: bool,
}

impl Default for AutoAllocationSetting {
    /// Off, load balancing over online agents, ten conversations each.
    fn default() -> Self {
        AutoAllocationSetting {
            enable: false,
            is_enabled_department: false,
            department_allocation_rule: Vec::new(),
            default_allocation_rule: AllocationRule {
                department_id: None,
                allocation_to: Some(AllocationTo::OnlineAgents),
                allocation_rule: Some(AllocationMethod::LoadBalancing),
                prefer_last_assignee: false,
            },
            set_max_number_for_each_agent: false,
            max_number_for_all_agents: Some(10),
            agent_preferences: Vec::new(),
            exclude_pending_external: false,
            exclude_on_hold: false,
        }
    }
}
